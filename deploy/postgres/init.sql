-- One database per service (each service owns its schema and migrates only its own database).
-- Run by the postgres image's entrypoint on the first start of an empty data volume, as
-- POSTGRES_USER, who therefore owns them. Mounted by deploy/compose.yml into
-- /docker-entrypoint-initdb.d/.
CREATE DATABASE panjereh_application;
CREATE DATABASE panjereh_inquiry;
CREATE DATABASE panjereh_status;
CREATE DATABASE panjereh_compliance;
CREATE DATABASE panjereh_notification;
