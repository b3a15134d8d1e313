#!/usr/bin/env python3
"""Checks compose/docker-compose.yml without Docker: it parses as YAML and has what the deployment relies on.

Run by .ci/run (no Docker engine there); `docker compose config` is the stronger check where Docker exists.
"""
import pathlib
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("compose/validate.py needs PyYAML: apt-get install -y python3-yaml")

here = pathlib.Path(__file__).resolve().parent
doc = yaml.safe_load((here / "docker-compose.yml").read_text())
problems = []


def need(condition, message):
    if not condition:
        problems.append(message)


services = doc.get("services", {})
for name in ["postgres", "redis", "migrate", "api", "worker", "nginx", "prometheus", "postgres-exporter",
             "redis-exporter", "zipkin", "otel-collector", "jaeger"]:
    need(name in services, f"service '{name}' is missing")

if not problems:
    need("healthcheck" in services["postgres"] and "healthcheck" in services["redis"],
         "postgres and redis need health checks")
    need(services["migrate"].get("command") == ["migrate"], "migrate must run the migrate command")
    for app in ["api", "worker"]:
        deps = services[app].get("depends_on", {})
        need(deps.get("migrate", {}).get("condition") == "service_completed_successfully",
             f"{app} must wait for migrate to complete")
        need("replicas" in services[app].get("deploy", {}), f"{app} needs deploy.replicas")
        need("limits" in services[app].get("deploy", {}).get("resources", {}), f"{app} needs resource limits")
        env = services[app].get("environment", {})
        for name in ["JWT_SECRET", "DATABASE_URL"]:
            need(name not in env and str(env.get(name + "_FILE", "")).startswith("/run/secrets/"),
                 f"{app}: {name} must come from a secrets file ({name}_FILE=/run/secrets/...), not the environment")
            need(str(env.get(name + "_FILE", "/run/secrets/")).split("/")[-1] in services[app].get("secrets", []),
                 f"{app}: the secrets file of {name} must be listed under secrets:")
    declared = doc.get("secrets", {})
    for name, spec in declared.items():
        need(re.match(r"^(\$\{[A-Z_]+:-)?\./secrets/", str(spec.get("file", ""))),
             f"secret {name} must be a file under compose/secrets/ (or a ${{VAR:-./secrets/...}} default)")
    for service in services.values():
        for name in service.get("secrets", []):
            need(name in declared, f"secret {name} is used but not declared under secrets:")
    # least privilege: the API and the worker log in as their own roles, never as the superuser migrate uses
    for app, url in [("api", "database_url_api"), ("worker", "database_url_worker"), ("migrate", "database_url")]:
        need(services[app].get("environment", {}).get("DATABASE_URL_FILE") == f"/run/secrets/{url}",
             f"{app} must connect with the {url} secrets file")
    need(services["postgres"].get("environment", {}).get("POSTGRES_PASSWORD_FILE") == "/run/secrets/postgres_password",
         "postgres must read its password from the postgres_password secrets file")
    need(any("80" in str(p) for p in services["nginx"].get("ports", [])), "nginx must publish a port")
    need(any("cake.conf.template" in str(v) for v in services["nginx"].get("volumes", [])),
         "nginx must mount the shared template")
    for name in ["prometheus", "postgres-exporter", "redis-exporter", "zipkin"]:
        need("observability" in services[name].get("profiles", []), f"{name} belongs to the observability profile")
    # the "ha" profile: bin/cluster --ha's topology (etcd, 3 Patroni nodes, Redis + replica, 3 Sentinels)
    for name in ["etcd", "pg-1", "pg-2", "pg-3", "redis-1", "redis-2", "sentinel-1", "sentinel-2", "sentinel-3"]:
        need(name in services and "ha" in services[name].get("profiles", []), f"{name} belongs to the ha profile")
    patroni = (here / "ha" / "patroni.yml").read_text()
    need("synchronous_mode_strict: true" in patroni, "compose/ha/patroni.yml must keep synchronous_mode_strict")
    for name in ["otel-collector", "jaeger"]:
        need("otlp" in services[name].get("profiles", []), f"{name} belongs to the otlp profile")
    need(any("prometheus" in str(v) for v in services["prometheus"].get("volumes", []))
         and (here / "prometheus" / "prometheus.yml").is_file() and (here / "prometheus" / "rules.yml").is_file(),
         "prometheus must mount compose/prometheus (prometheus.yml, rules.yml)")
    text = (here / "docker-compose.yml").read_text()
    need("change-me" not in text and "secret" not in text.lower().replace("jwt_secret", "").replace("secrets", ""),
         "no secret may be written in docker-compose.yml")
    need((here / "Dockerfile").is_file() and (here / "nginx" / "cake.conf.template").is_file(),
         "Dockerfile and nginx template must exist")
    # The nginx image substitutes only variables that are set: every ${CAKE_*} of the templates must be.
    nginx = services["nginx"]
    nginx_env = dict(nginx.get("environment", {}))
    tuning = {}
    env_files = nginx.get("env_file", [])
    for name in [env_files] if isinstance(env_files, str) else env_files:
        for line in (here / name).read_text().splitlines():
            if re.match(r"^[A-Z][A-Z0-9_]*=", line):
                key, value = line.split("=", 1)
                tuning[key] = value
    need(tuning.get("CAKE_UPSTREAM_MAX_CONNS"), "nginx must take nginx/tuning.env as env_file")
    need(nginx_env.get("CAKE_TLS") == "on" and any("443" in str(p) for p in nginx.get("ports", [])),
         "nginx must terminate TLS (CAKE_TLS on, port 443 published)")
    for template in sorted(p.name for p in (here / "nginx").glob("*.template")):
        for var in sorted(set(re.findall(r"\$\{(CAKE_[A-Z0-9_]*)\}", (here / "nginx" / template).read_text()))):
            need(var in nginx_env or var in tuning, f"nginx: {var} (used by nginx/{template}) is not set")
        need(any(template in str(v) for v in nginx.get("volumes", [])), f"nginx must mount nginx/{template}")
    need(f"max_conns={tuning.get('CAKE_UPSTREAM_MAX_CONNS')};" in str(nginx_env.get("CAKE_UPSTREAM_SERVERS", "")),
         "nginx: the server line's max_conns must be CAKE_UPSTREAM_MAX_CONNS of nginx/tuning.env")

if problems:
    print("compose/docker-compose.yml:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"compose/docker-compose.yml: valid YAML, {len(services)} services, required keys present")
