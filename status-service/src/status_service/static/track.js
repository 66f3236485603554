"use strict";
// The public tracking page: looks a status up, then long-polls (ETag + ?wait) for changes.
// EventSource cannot send the national code as a header, so the page polls instead of SSE.
(function () {
  const TEXT = {
    fa: { title: "پیگیری درخواست", tracking: "کد رهگیری", national: "کد ملی", show: "نمایش وضعیت",
      state: "وضعیت", due: "مهلت رسیدگی", timeline: "روند رسیدگی", live: "به‌روزرسانی خودکار فعال است",
      notFound: "درخواستی با این کد رهگیری و کد ملی یافت نشد.", tooMany: "تعداد تلاش‌ها زیاد است؛ کمی بعد دوباره امتحان کنید.",
      offline: "ارتباط برقرار نشد؛ دوباره تلاش می‌کنیم…", other: "English" },
    en: { title: "Track your application", tracking: "Tracking code", national: "National code", show: "Show status",
      state: "Status", due: "Due by", timeline: "Progress", live: "Live updates are on",
      notFound: "No application matches this tracking code and national code.", tooMany: "Too many attempts; please try again shortly.",
      offline: "Connection lost; retrying…", other: "فارسی" },
  };
  const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  let lang = "fa";
  let current = null;
  let etag = null;
  let query = null;
  let generation = 0;

  const $ = (id) => document.getElementById(id);
  // Headers carry only ASCII: what people type in Persian or Arabic-Indic digits is converted.
  const ascii = (text) => text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const digits = (text) => (lang === "fa" ? String(text).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[d]) : String(text));

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "fa" ? "rtl" : "ltr";
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = TEXT[lang][el.dataset.i18n]; });
    $("lang").textContent = TEXT[lang].other;
    $("lang").lang = lang === "fa" ? "en" : "fa";
    if (current) render(current);
    // The citizen view (citizen/main.js) speaks the same language as the rest of the page.
    document.dispatchEvent(new CustomEvent("track:language", { detail: { lang } }));
  }

  function render(status) {
    current = status;
    $("service").textContent = lang === "fa" ? status.service.name_fa || status.service.id : status.service.name_en || status.service.id;
    $("state").textContent = status.state_label[lang];
    $("due").textContent = lang === "fa" ? digits(status.sla_due_at_jalali) : status.sla_due_at.slice(0, 10);
    $("reasons").replaceChildren(...status.reasons.map((r) => {
      const li = document.createElement("li");
      li.textContent = r[lang];
      return li;
    }));
    // What a missed SLA did, and what could not be done (no SMS sent), each with its why.
    const notes = [...(status.sla ? [status.sla] : []), ...(status.notifications || [])];
    $("notes").replaceChildren(...notes.map((note) => {
      const li = document.createElement("li");
      li.textContent = note.reason && note.reason[lang] ? note.label[lang] + ": " + note.reason[lang] : note.label[lang];
      return li;
    }));
    $("timeline").replaceChildren(...status.timeline.map((step) => {
      const li = document.createElement("li");
      li.textContent = step.label[lang];
      const time = document.createElement("time");
      time.dateTime = step.at;
      // Times as the applicant lives them: Tehran's clock, whatever the phone's zone.
      const clock = new Date(step.at).toLocaleTimeString(lang === "fa" ? "fa-IR" : "en-GB", { timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit" });
      time.textContent = (lang === "fa" ? digits(step.at_jalali) : step.at.slice(0, 10)) + " " + clock;
      li.append(time);
      if (step.reason && step.reason[lang]) {
        const why = document.createElement("span");
        why.className = "reason";
        why.textContent = step.reason[lang];
        li.append(why);
      }
      return li;
    }));
    $("result").hidden = false;
  }

  function say(key) {
    $("message").textContent = key ? TEXT[lang][key] : "";
    $("message").hidden = !key;
  }

  async function poll(mine) {
    let pause = 1000;
    while (mine === generation) {
      const headers = { "X-National-Code": query.national, "Accept-Language": lang };
      if (etag) headers["If-None-Match"] = etag;
      const wait = etag ? "?wait=25" : "";
      try {
        const response = await fetch(`/v1/status/${encodeURIComponent(query.tracking)}${wait}`, { headers });
        if (mine !== generation) return;
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          render(await response.json());
          say(null);
          pause = 1000;
        } else if (response.status === 304) {
          pause = 1000;
        } else if (response.status === 404) {
          $("result").hidden = true;
          say("notFound");
          return;
        } else if (response.status === 429) {
          say("tooMany");
          return;
        } else {
          throw new Error(String(response.status));
        }
        if (!etag) return;
      } catch (error) {
        say("offline");
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 30000);
      }
    }
  }

  $("lookup").addEventListener("submit", (event) => {
    event.preventDefault();
    query = { tracking: ascii($("tracking").value.trim()), national: ascii($("national").value.trim()) };
    etag = null;
    current = null;
    generation += 1;
    poll(generation);
  });
  $("lang").addEventListener("click", () => { lang = lang === "fa" ? "en" : "fa"; applyLanguage(); });
  applyLanguage();
})();
