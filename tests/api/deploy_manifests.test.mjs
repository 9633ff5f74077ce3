// deploy/k8s and deploy/docker-compose.yml: parsed, and cross-checked against each other and
// against the server's configuration (README's table). No cluster or Docker needed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bytes,
  cpus,
  exists,
  k8sFiles,
  k8sObjects,
  knownEnvNames,
  loadYamlDocs,
  looksLikeRealSecret,
  readmeDefault,
  seconds,
} from "./deploy_support.mjs";

const HEALTH_PATHS = ["/health", "/ready"];

describe("deploy YAML parses", () => {
  for (const file of [...k8sFiles().map((f) => `deploy/k8s/${f}`), "deploy/docker-compose.yml"]) {
    test(file, () => assert.ok(loadYamlDocs(file).length > 0));
  }
});

const isSubset = (labels, of) => Object.entries(labels).every(([k, v]) => of[k] === v);

/** The k8s objects and the pieces most checks need; built on first use inside a test, so a
 *  broken manifest fails that test rather than the whole file. */
let k8sCache;
function k8s() {
  if (k8sCache) return k8sCache;
  const objects = k8sObjects();
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const one = (kind, name) => {
    const found = byKind(kind).filter((o) => name === undefined || o.metadata.name === name);
    assert.equal(found.length, 1, `exactly one ${kind}${name ? ` named ${name}` : ""}`);
    return found[0];
  };
  const deployment = one("Deployment", "journeyman");
  const pod = deployment.spec.template;
  const container = pod.spec.containers.find((c) => c.name === "journeyman");
  /** A probe's or Service's port (number or name) → the container port number. */
  const containerPort = (port) => {
    const match = container.ports.find((p) => p.containerPort === port || p.name === port);
    assert.ok(match, `port ${port} is not a containerPort of the journeyman container`);
    return match.containerPort;
  };
  k8sCache = {
    objects,
    byKind,
    one,
    deployment,
    pod,
    container,
    containerPort,
    config: one("ConfigMap", "journeyman-config").data,
    service: one("Service", "journeyman"),
    namespace: one("Namespace").metadata.name,
  };
  return k8sCache;
}

describe("deploy/k8s", () => {
  test("every object has apiVersion, kind and metadata.name, in the app's namespace", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    assert.ok(objects.length >= 8, "namespace, configmap, secret, deployment, service, hpa, pdb, ingress");
    for (const o of objects) {
      assert.ok(o.apiVersion && o.kind, `${o.__file}: apiVersion and kind`);
      if (o.kind === "Kustomization") continue;
      assert.ok(o.metadata?.name, `${o.__file}: metadata.name`);
      if (o.kind !== "Namespace") assert.equal(o.metadata.namespace, namespace, `${o.__file} namespace`);
    }
  });

  test("kustomization lists every manifest except the secret template", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const kustomization = one("Kustomization");
    const expected = k8sFiles().filter((f) => f !== "kustomization.yaml" && !f.includes("template"));
    assert.deepEqual([...kustomization.resources].sort(), expected);
  });

  test("Deployment: 3 replicas, selector matches its pods, resources set", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    assert.equal(deployment.apiVersion, "apps/v1");
    assert.equal(deployment.spec.replicas, 3);
    assert.ok(isSubset(deployment.spec.selector.matchLabels, pod.metadata.labels), "selector ⊆ pod labels");
    for (const kind of ["requests", "limits"]) {
      assert.ok(container.resources[kind].cpu && container.resources[kind].memory, `resources.${kind}`);
    }
    assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0, "rollouts keep full capacity");
    assert.equal(
      Number(config.JOURNEYMAN_THREADS),
      cpus(container.resources.limits.cpu),
      "JOURNEYMAN_THREADS = CPU limit (hardware_concurrency ignores cgroup limits)",
    );
  });

  test("probes: startup + readiness on /ready, liveness on /health, on the container port", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const probes = { startupProbe: "/ready", readinessProbe: "/ready", livenessProbe: "/health" };
    for (const [name, expectedPath] of Object.entries(probes)) {
      const probe = container[name];
      assert.ok(probe?.httpGet, `${name} is an httpGet probe`);
      assert.equal(probe.httpGet.path, expectedPath, `${name} path`);
      assert.ok(HEALTH_PATHS.includes(probe.httpGet.path));
      assert.equal(containerPort(probe.httpGet.port), Number(config.PORT), `${name} port = PORT`);
    }
  });

  test("container port = PORT = Service targetPort; Service selects the pods", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    assert.equal(config.HOST, "0.0.0.0", "listen on the pod's interfaces");
    assert.equal(container.ports.length, 1);
    assert.equal(container.ports[0].containerPort, Number(config.PORT));
    for (const port of service.spec.ports) {
      assert.equal(containerPort(port.targetPort), Number(config.PORT), "Service targetPort");
    }
    assert.ok(isSubset(service.spec.selector, pod.metadata.labels), "Service selector ⊆ pod labels");
  });

  test("drain: preStop sleep + shutdown grace < terminationGracePeriodSeconds", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const preStop = container.lifecycle?.preStop;
    assert.ok(preStop, "preStop hook keeps serving while endpoints are removed");
    let sleep;
    if (preStop.sleep) sleep = preStop.sleep.seconds;
    else {
      const [cmd, arg] = preStop.exec.command;
      assert.match(cmd, /(^|\/)sleep$/, "preStop runs sleep");
      sleep = seconds(arg);
    }
    assert.ok(sleep > 0);
    const grace = Number(config.JOURNEYMAN_SHUTDOWN_GRACE ?? readmeDefault("JOURNEYMAN_SHUTDOWN_GRACE"));
    assert.ok(
      sleep + grace < pod.spec.terminationGracePeriodSeconds,
      `${sleep} + ${grace} < ${pod.spec.terminationGracePeriodSeconds}`,
    );
  });

  test("pod security: non-root uid of the image, read-only root, var/ on an emptyDir", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const podSec = pod.spec.securityContext;
    assert.equal(podSec.runAsNonRoot, true);
    assert.ok(podSec.runAsUser > 0);
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(container.securityContext.capabilities.drop, ["ALL"]);
    const mount = container.volumeMounts.find((m) => m.mountPath === "/app/var");
    assert.ok(mount, "/app/var is mounted");
    assert.ok(pod.spec.volumes.find((v) => v.name === mount.name)?.emptyDir, "/app/var is an emptyDir");
    assert.equal(pod.spec.enableServiceLinks, false, "no JOURNEYMAN_* service-link variables");
  });

  test("env: from the ConfigMap and the Secret that exist; only names the server reads", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const refs = container.envFrom.map((e) => e.configMapRef?.name ?? e.secretRef?.name);
    assert.deepEqual(refs, ["journeyman-config", "journeyman-secrets"]);
    one("Secret", "journeyman-secrets");
    const known = knownEnvNames();
    const secret = one("Secret", "journeyman-secrets");
    for (const name of [...Object.keys(config), ...Object.keys(secret.stringData ?? {})]) {
      assert.ok(known.has(name), `${name} is not a setting the server reads (README table)`);
    }
    for (const name of ["DATABASE_URL", "JOURNEYMAN_JWT_SECRET", "JOURNEYMAN_FIELD_KEYS"]) {
      assert.ok(!(name in config), `${name} belongs in the Secret, not the ConfigMap`);
    }
  });

  test("no Secret carries a real-looking value", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const secrets = byKind("Secret");
    assert.ok(secrets.length > 0);
    for (const s of secrets) {
      const values = [
        ...Object.values(s.stringData ?? {}),
        ...Object.values(s.data ?? {}).map((v) => Buffer.from(v, "base64").toString()),
      ];
      for (const value of values) {
        assert.ok(value.includes("REPLACE_ME"), `${s.metadata.name}: placeholder expected, got ${value}`);
        assert.ok(!looksLikeRealSecret(value), `${s.metadata.name}: ${value} looks real`);
      }
    }
  });

  test("HPA (autoscaling/v2) scales the Deployment on CPU 70 % and memory", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const hpa = one("HorizontalPodAutoscaler");
    assert.equal(hpa.apiVersion, "autoscaling/v2");
    assert.deepEqual(
      { kind: hpa.spec.scaleTargetRef.kind, name: hpa.spec.scaleTargetRef.name },
      { kind: "Deployment", name: deployment.metadata.name },
    );
    const metric = (name) => hpa.spec.metrics.find((m) => m.type === "Resource" && m.resource.name === name);
    assert.equal(metric("cpu")?.resource.target.averageUtilization, 70);
    assert.ok(metric("memory")?.resource.target.averageUtilization > 0);
    assert.ok(hpa.spec.minReplicas >= 3 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
  });

  test("PDB selects the pods and leaves room to evict one", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const pdb = one("PodDisruptionBudget");
    assert.ok(isSubset(pdb.spec.selector.matchLabels, pod.metadata.labels), "PDB selector ⊆ pod labels");
    const ok = pdb.spec.maxUnavailable === 1 || pdb.spec.minAvailable === 2;
    assert.ok(ok, "maxUnavailable 1 or minAvailable 2");
  });

  test("Ingress backends name the Service and one of its ports; /ws has long timeouts", () => {
    const { objects, byKind, one, deployment, pod, container, containerPort, config, service, namespace } = k8s();
    const ingresses = byKind("Ingress");
    const paths = [];
    for (const ing of ingresses) {
      assert.equal(ing.spec.ingressClassName, "nginx");
      const bodyLimit = ing.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"];
      if (bodyLimit) assert.equal(bytes(bodyLimit), readmeDefault("JOURNEYMAN_BODY_LIMIT"));
      for (const rule of ing.spec.rules) {
        for (const p of rule.http.paths) {
          const backend = one("Service", p.backend.service.name);
          const { name, number } = p.backend.service.port;
          assert.ok(
            backend.spec.ports.some((sp) => sp.name === name || sp.port === number),
            `${ing.metadata.name} ${p.path}: Service port ${name ?? number}`,
          );
          paths.push({ path: p.path, annotations: ing.metadata.annotations ?? {} });
        }
      }
    }
    assert.ok(paths.some((p) => p.path === "/"), "the site is routed");
    const ws = paths.find((p) => p.path === "/ws");
    assert.ok(ws, "/ws is routed");
    assert.ok(Number(ws.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600);
  });
});

function composeServices() {
  const [compose] = loadYamlDocs("deploy/docker-compose.yml");
  const services = compose.services;
  return { services, app: services.app, grace: Number(services.app.environment.JOURNEYMAN_SHUTDOWN_GRACE) };
}

describe("deploy/docker-compose.yml", () => {

  test("app ×3 behind nginx, PostgreSQL 15, PgBouncer, Redis 7", () => {
    const { services, app, grace } = composeServices();
    assert.equal(app.deploy.replicas, 3);
    assert.match(services.postgres.image, /^postgres:15([.-]|$)/);
    assert.match(services.redis.image, /^redis:7([.-]|$)/);
    assert.ok(services.pgbouncer && services.nginx);
    const [, major, minor] = /:(\d+)\.(\d+)/.exec(services.pgbouncer.image) ?? [];
    assert.ok(Number(major) > 1 || Number(minor) >= 21, "PgBouncer >= 1.21 (max_prepared_statements)");
    assert.equal(app.build.dockerfile, "deploy/Dockerfile");
  });

  test("every service has the original's healthcheck timing (30 s / 3 s / 3)", () => {
    const { services, app, grace } = composeServices();
    for (const [name, svc] of Object.entries(services)) {
      const hc = svc.healthcheck;
      assert.ok(hc?.test, `${name} has a healthcheck`);
      assert.equal(seconds(hc.interval), 30, `${name} interval`);
      assert.equal(seconds(hc.timeout), 3, `${name} timeout`);
      assert.equal(hc.retries, 3, `${name} retries`);
    }
  });

  test("HTTP healthchecks hit /health or /ready, with a tool the image has", () => {
    const { services, app, grace } = composeServices();
    for (const name of ["app", "nginx"]) {
      const cmd = services[name].healthcheck.test.join(" ");
      const path = /(?:https?:\/\/[^/\s]+)?(\/[a-z]+)\s*$/.exec(cmd)?.[1];
      assert.ok(HEALTH_PATHS.includes(path), `${name}: ${cmd}`);
    }
    assert.equal(services.app.healthcheck.test[1], "/usr/local/bin/journeyman-healthcheck");
  });

  test("app settings: names the server reads, port = nginx upstream, trusted proxy = nginx", () => {
    const { services, app, grace } = composeServices();
    const known = knownEnvNames();
    for (const name of Object.keys(app.environment)) assert.ok(known.has(name), `${name} unknown`);
    assert.equal(app.environment.HOST, "0.0.0.0");
    const nginxIp = services.nginx.networks.default.ipv4_address;
    assert.equal(app.environment.JOURNEYMAN_TRUSTED_PROXIES, nginxIp);
    assert.ok(seconds(app.stop_grace_period) > grace, "stop_grace_period > shutdown grace");
    assert.match(app.environment.DATABASE_URL, /@pgbouncer:6432\//);
    assert.match(app.environment.REDIS_URL, /@redis:6379/);
  });

  test("no literal secrets: passwords come from deploy/.env by interpolation", () => {
    const { services, app, grace } = composeServices();
    for (const [name, svc] of Object.entries(services)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        const url = /^[a-z]+:\/\/[^:]*:([^@]*)@/.exec(String(value));
        if (url) assert.match(url[1], /^\$\{[A-Z_]+(:\?[^}]*)?\}$/, `${name}.${key}: password in URL`);
        if (/(PASSWORD|SECRET|_KEYS?|_AUTH)$/.test(key)) {
          assert.match(String(value), /^\$\{[A-Z_]+(:\?[^}]*)?\}$/, `${name}.${key} must be interpolated`);
        }
      }
    }
    assert.deepEqual(app.env_file, [".env"]);
    assert.ok(exists("deploy/.env.example"));
  });

  test("bind-mounted files exist in deploy/", () => {
    const { services, app, grace } = composeServices();
    for (const [name, svc] of Object.entries(services)) {
      for (const volume of svc.volumes ?? []) {
        const source = String(volume).split(":")[0];
        if (source.startsWith("./")) assert.ok(exists(`deploy/${source.slice(2)}`), `${name}: ${source}`);
      }
    }
  });
});
