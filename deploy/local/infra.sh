#!/usr/bin/env bash
# Local infrastructure for machines without Docker: PostgreSQL from Debian's packages, a
# single-node Apache Kafka (KRaft) from Maven Central, Debian's Chromium for page tests and Debian's HAProxy for the native mode's edge. Idempotent: `up` starts only what is
# not running and returns once both really answer; `down` stops what `up` started.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${PANJEREH_INFRA_DIR:-$root/.infra}"
kafka_dir="$root/deploy/kafka"
pg_port="${PANJEREH_PG_PORT:-5432}"
pg_max_connections="${PANJEREH_PG_MAX_CONNECTIONS:-400}"
kafka_port="${PANJEREH_KAFKA_PORT:-9092}"
controller_port="${PANJEREH_KAFKA_CONTROLLER_PORT:-9093}"
# Dev-only credentials for the local cluster; production gets them from its secret store.
pg_user="${PANJEREH_PG_USER:-panjereh}"
pg_password="${PANJEREH_PG_PASSWORD:-panjereh}"
databases=(panjereh_application panjereh_inquiry panjereh_status panjereh_compliance panjereh_notification panjereh_test)

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # wait_for <seconds> <description> <command...>
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 "$((seconds * 2))"); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  die "$what not ready after ${seconds}s"
}

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

pg_install() {
  command -v pg_ctlcluster >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && return
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq postgresql >/dev/null || die "apt-get install postgresql failed"
}

pg_cluster() { pg_lsclusters -h | awk 'NR==1 {print $1" "$2}'; }

pg_up() {
  pg_install
  local cluster
  cluster="$(pg_cluster)"
  if [ -z "$cluster" ]; then
    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    pg_createcluster "$version" main --port "$pg_port" >/dev/null
    cluster="$version main"
  fi
  set -- $cluster
  if ! pg_lsclusters -h | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $4}' | grep -q online; then
    log "starting PostgreSQL $1/$2"
    pg_ctlcluster "$1" "$2" start || die "pg_ctlcluster $1 $2 start failed (see /var/log/postgresql)"
  fi
  local port
  port="$(pg_lsclusters -h | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $3}')"
  [ "$port" = "$pg_port" ] || die "PostgreSQL cluster $1/$2 listens on $port, expected $pg_port"
  wait_for 60 PostgreSQL pg_isready -q -h 127.0.0.1 -p "$pg_port"
  # Each service process keeps up to 2 x DATABASE_POOL_SIZE connections open (panjereh.db.
  # engine), and the suite runs several clusters at once: Debian's default of 100 is too few.
  if [ "$(as_postgres "psql -qtA -p $pg_port -c 'SHOW max_connections'")" -lt "$pg_max_connections" ]; then
    log "raising PostgreSQL's max_connections to $pg_max_connections (a restart)"
    as_postgres "psql -q -p $pg_port -c 'ALTER SYSTEM SET max_connections = $pg_max_connections'"
    pg_ctlcluster "$1" "$2" restart || die "pg_ctlcluster $1 $2 restart failed"
    wait_for 60 PostgreSQL pg_isready -q -h 127.0.0.1 -p "$pg_port"
  fi
  as_postgres "psql -q -p $pg_port -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_user') THEN
    CREATE ROLE $pg_user LOGIN CREATEDB PASSWORD '$pg_password';
  END IF;
END \$\$;
SQL
  for db in "${databases[@]}"; do
    as_postgres "psql -qtA -p $pg_port -c \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 ||
      as_postgres "createdb -p $pg_port -O $pg_user $db"
  done
  log "PostgreSQL ready on 127.0.0.1:$pg_port (databases: ${databases[*]})"
}

kafka_fetch() {
  ls "$kafka_dir"/libs/kafka_2.13-*.jar >/dev/null 2>&1 && return
  command -v mvn >/dev/null || die "Maven is needed to fetch Kafka from Maven Central"
  log "fetching Apache Kafka from Maven Central"
  mvn -q -B -f "$kafka_dir/pom.xml" dependency:copy-dependencies || die "mvn could not fetch Kafka"
}

kafka_config() {
  mkdir -p "$state/kafka/data"
  cat >"$state/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/kafka/data
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  cat >"$state/kafka/log4j2.properties" <<PROPS
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$state/kafka/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
PROPS
}

kafka_java() { java -Xmx512m -Xms256m -Dlog4j2.configurationFile="$state/kafka/log4j2.properties" -cp "$kafka_dir/libs/*" "$@"; }

kafka_ready() { port_open "$kafka_port" && grep -q 'Kafka Server started\|KafkaRaftServer.*started' "$state/kafka/server.log" 2>/dev/null; }

kafka_up() {
  if port_open "$kafka_port"; then log "Kafka already answers on 127.0.0.1:$kafka_port"; return; fi
  command -v java >/dev/null || die "Java 17+ is needed to run Kafka"
  kafka_fetch
  kafka_config
  if [ ! -f "$state/kafka/data/meta.properties" ]; then
    log "formatting Kafka storage (KRaft)"
    local cluster_id
    cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid)"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$state/kafka/server.properties" >/dev/null
  fi
  log "starting Kafka broker"
  : >"$state/kafka/server.log"
  nohup java -Xmx512m -Xms256m -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$state/kafka/log4j2.properties" \
    -cp "$kafka_dir/libs/*" kafka.Kafka "$state/kafka/server.properties" \
    >"$state/kafka/stdout.log" 2>&1 &
  echo $! >"$state/kafka/pid"
  # A loaded 2-core machine (the fault campaign restarts the broker under load) took ~102 s.
  wait_for 240 Kafka kafka_ready
  log "Kafka ready on 127.0.0.1:$kafka_port"
}

kafka_down() {
  local pidfile="$state/kafka/pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping Kafka ($pid)"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

pg_down() {
  local cluster
  cluster="$(pg_cluster)"
  [ -n "$cluster" ] || return 0
  set -- $cluster
  pg_ctlcluster "$1" "$2" stop 2>/dev/null || true
}

browser_up() {
  # Debian's Chromium, driven by Playwright through its executable path (no browser download).
  command -v chromium >/dev/null && return
  log "installing Chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq chromium >/dev/null || die "apt-get install chromium failed"
}

edge_up() {
  # Debian's HAProxy 2.6: the compiled edge of the native mode (gateway.edge_config). Only the
  # binary: the native mode and the tests start their own with a generated configuration.
  command -v haproxy >/dev/null && return
  log "installing HAProxy from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends haproxy >/dev/null || die "apt-get install haproxy failed"
  # The package's own service would hold port 80 for nothing; ours are started per run.
  if command -v systemctl >/dev/null && systemctl is-active -q haproxy 2>/dev/null; then
    systemctl disable --now haproxy >/dev/null 2>&1 || true
  fi
}

case "${1:-up}" in
  up) mkdir -p "$state"; pg_up; kafka_up; browser_up; edge_up ;;
  browser-up) browser_up ;;
  edge-up) edge_up ;;
  down) kafka_down; pg_down ;;
  pg-up) pg_up ;;
  kafka-up) mkdir -p "$state"; kafka_up ;;
  *) die "usage: $0 up|down|pg-up|kafka-up|browser-up|edge-up" ;;
esac
