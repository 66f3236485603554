"""The images really built and started here: tools/images.sh builds with buildah (vfs, chroot
isolation) on the debootstrap base, and tests.deploy.images smoke-tests what it built.

CI builds the image named by CI_IMAGES cold (a clean clone has no .data/images): the status
service, the one tens of millions of phones poll. `make images` builds and checks all six
(deploy/docker/README.md has its figures). Where buildah cannot run this fails under
CI=true with the reason, and skips elsewhere.
"""

import shutil
import subprocess

import pytest
from sqlalchemy.engine import make_url

from tests.deploy import images
from tests.deploy.dockerfiles import IMAGES
from tests.infra import IN_CI, POSTGRES_URL

# One image cold keeps CI's 90 minutes safe; all six take longer (deploy/docker/README.md).
CI_IMAGES = ["status-service"]

pytestmark = [pytest.mark.postgres]


@pytest.fixture(scope="module")
def buildah_ready() -> None:
    """tools/images.sh setup: buildah and debootstrap installed, the base and uv images made."""
    reason = None
    if shutil.which("buildah") is None and shutil.which("apt-get") is None:
        reason = "buildah is not installed and there is no apt-get to install it"
    else:
        try:
            images.images_sh("setup", timeout=1200)
        except (images.SmokeFailure, subprocess.SubprocessError, OSError) as error:
            reason = str(error)
    if reason is not None:
        message = f"buildah cannot build images here: {reason}"
        if IN_CI:
            pytest.fail(message + " (CI=true: the image tests may not be skipped)")
        pytest.skip(message)


@pytest.fixture
def admin_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    """The smoke tests' fresh databases on the suite's PostgreSQL server."""
    url = make_url(POSTGRES_URL).set(drivername="postgresql", database="postgres")
    monkeypatch.setattr(images, "POSTGRES", url.render_as_string(hide_password=False))


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("name", CI_IMAGES)
def test_image_builds_and_passes_every_smoke_check(
    name: str, buildah_ready: None, admin_postgres: None
) -> None:
    report = images.build_and_smoke(IMAGES[name])
    print(report.line())
    assert set(report.checks) == {"user", "migrate", "serve", "sigterm"}, report.line()
    assert report.ok, report.line()
    assert report.size_bytes > 0


@pytest.mark.timeout(600)
def test_user_check_refuses_an_image_that_runs_as_root(buildah_ready: None) -> None:
    """The debootstrap base has no USER: the check that passes the services must fail it."""
    with images.container(images.BASE_IMAGE) as ctr, pytest.raises(images.SmokeFailure) as raised:
        images.check_user(images.BASE_IMAGE, ctr)
    assert "root" in str(raised.value)


def test_a_report_with_one_failed_check_is_not_ok() -> None:
    report = images.Report("gateway", checks={"user": "ok uid 10001", "serve": "FAIL exit 3"})
    assert not report.ok
    assert "serve: FAIL exit 3" in report.line()
    assert not images.Report("gateway").ok  # no check run is no pass


def test_grace_period_holds_uvicorns_graceful_shutdown() -> None:
    """Each service's Kubernetes grace outlasts uvicorn's 20 s drain (panjereh.cli)."""
    for image in IMAGES.values():
        assert images.grace_seconds(image) > 20


@pytest.mark.parametrize(
    ("listed", "size"), [("287 MB", 287e6), ("1.2 GB", 1.2e9), ("38 kB", 38e3)]
)
def test_listed_sizes_are_read_in_decimal_units(listed: str, size: float) -> None:
    assert images.parse_size(listed) == round(size)
