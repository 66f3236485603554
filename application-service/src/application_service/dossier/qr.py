"""QR codes of verification links (segno; error correction M, so a phone reads one off a
screen even with a dossier's length of link)."""

import base64
import io

import segno


def png(text: str, *, scale: int = 4) -> bytes:
    code = segno.make_qr(text, error="m", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def png_data_url(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(png(text)).decode()
