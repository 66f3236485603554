"""The Kafka security settings: production refuses an unauthenticated or unencrypted cluster
unless told it is meant, credentials come whole, the password is never shown, and the files
are read at start-up."""

import ssl
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from panjereh.bus import security
from panjereh.settings import BusKind, KafkaSecurityProtocol, Profile, ServiceSettings

POSTGRES = "postgresql+asyncpg://u:p@db/x"
PASSWORD = "s3cr3t-Scram-Pw-7f2a"
SASL_SSL: dict[str, Any] = {
    "kafka_security_protocol": "SASL_SSL",
    "kafka_sasl_username": "status-service",
    "kafka_sasl_password": PASSWORD,
}


def _production(**kafka: Any) -> ServiceSettings:
    return ServiceSettings(
        profile=Profile.PRODUCTION, database_url=POSTGRES, bus=BusKind.KAFKA, **kafka
    )


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SSL", "SASL_PLAINTEXT"])
def test_production_refuses_kafka_without_sasl_ssl(protocol: str) -> None:
    credentials = {"kafka_sasl_username": "u", "kafka_sasl_password": PASSWORD}
    with pytest.raises(ValidationError, match="production needs SASL_SSL"):
        _production(kafka_security_protocol=protocol, **credentials)


def test_production_takes_an_insecure_cluster_only_when_told_it_is_meant() -> None:
    settings = _production(kafka_allow_insecure=True)
    assert settings.kafka_security_protocol is KafkaSecurityProtocol.PLAINTEXT


def test_production_runs_with_sasl_ssl_and_real_credentials() -> None:
    settings = _production(**SASL_SSL)
    assert settings.kafka_sasl_mechanism == "SCRAM-SHA-512"


def test_production_refuses_a_demo_kafka_password() -> None:
    with pytest.raises(ValidationError, match="kafka_sasl_password"):
        _production(**SASL_SSL | {"kafka_sasl_password": "panjereh-kafka"})


def test_the_in_process_bus_needs_no_kafka_security_in_production() -> None:
    ServiceSettings(profile=Profile.PRODUCTION, database_url=POSTGRES)


def test_embedded_and_dev_default_to_plaintext() -> None:
    assert ServiceSettings().kafka_security_protocol is KafkaSecurityProtocol.PLAINTEXT
    assert security.from_settings(ServiceSettings()).client_options() == {
        "security_protocol": "PLAINTEXT"
    }


@pytest.mark.parametrize("missing", ["kafka_sasl_username", "kafka_sasl_password"])
def test_sasl_needs_both_username_and_password(missing: str) -> None:
    with pytest.raises(ValidationError, match="needs both"):
        ServiceSettings(**{k: v for k, v in SASL_SSL.items() if k != missing})


def test_a_client_certificate_needs_its_key() -> None:
    with pytest.raises(ValidationError, match="give both or neither"):
        ServiceSettings(kafka_ssl_cert_file="/etc/kafka/client.pem")


def test_an_unknown_protocol_or_mechanism_is_refused() -> None:
    with pytest.raises(ValidationError):
        ServiceSettings(kafka_security_protocol="GSSAPI")
    with pytest.raises(ValidationError):
        ServiceSettings(**SASL_SSL | {"kafka_sasl_mechanism": "PLAIN"})


def test_the_password_is_never_shown() -> None:
    settings = ServiceSettings(**SASL_SSL)
    kafka = security.from_settings(settings)
    for shown in (repr(settings), str(settings), repr(kafka), str(settings.model_dump())):
        assert PASSWORD not in shown


def test_sasl_ssl_gives_every_client_tls_and_scram() -> None:
    options = security.from_settings(ServiceSettings(**SASL_SSL)).client_options()
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        "status-service",
        PASSWORD,
    )
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_a_missing_ca_file_fails_at_start_up_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"
    with pytest.raises(FileNotFoundError, match=f"kafka_ssl_ca_file: no file at {missing}"):
        security.from_settings(ServiceSettings(**SASL_SSL, kafka_ssl_ca_file=str(missing)))


def test_plaintext_options_carry_no_credentials() -> None:
    kafka = security.KafkaSecurity(username="u", password=SecretStr(PASSWORD))
    assert kafka.client_options() == {"security_protocol": "PLAINTEXT"}
