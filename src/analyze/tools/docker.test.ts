import { describe, expect, it } from 'vitest';
import { decideBuiltin } from '../../policy/builtin.js';
import { expectTable, judge, type Allowed, type Flagged } from '../test-kit.js';

const flagged: Flagged[] = [
  // containers
  ['docker rm -f $(docker ps -q)', 'high', 'docker/rm-all'],
  ['docker container rm --force $(docker container ls -aq)', 'high', 'docker/rm-all'],
  ['podman rm -af', 'high', 'docker/rm-all'],
  ['docker rm -v worker-old', 'high', 'docker/rm-volumes'],
  ['docker rm -f mysql-main', 'high', 'docker/rm-stateful'],
  ['docker container rm shop-db', 'high', 'docker/rm-stateful'],
  ['docker --context prod-eu rm -f api', 'high', 'docker/rm-prod'],
  ['docker stop $(docker ps -q)', 'high', 'docker/stop-all'],
  ['podman stop --all', 'high', 'docker/stop-all'],
  ['docker kill redis-cache', 'high', 'docker/kill-stateful'],
  ['docker -H ssh://ops@web-prod-2 stop nginx', 'high', 'docker/stop-prod'],
  ['DOCKER_CONTEXT=production docker kill api', 'high', 'docker/stop-prod'],
  ['podman pod rm -f $(podman pod ps -q)', 'high', 'docker/rm-all'],
  // volumes and system
  ['docker volume rm shop_mysql-data', 'high', 'docker/volume-rm'],
  ['docker volume remove grafana-storage', 'high', 'docker/volume-rm'],
  ['docker volume rm $(docker volume ls -q)', 'high', 'docker/volume-rm'],
  ['podman volume rm --all', 'high', 'docker/volume-rm'],
  ['docker volume prune -a -f', 'high', 'docker/volume-prune'],
  ['docker system prune --all --volumes --force', 'high', 'docker/system-prune-volumes'],
  ['podman system reset', 'high', 'docker/system-reset'],
  ['podman machine rm -f podman-machine-default', 'high', 'docker/machine-rm'],
  // compose
  ['docker compose down --volumes', 'high', 'docker/compose-down-volumes'],
  [
    'docker compose -f deploy/compose.yml down -v --remove-orphans',
    'high',
    'docker/compose-down-volumes',
  ],
  ['podman-compose down -v', 'high', 'docker/compose-down-volumes'],
  ['docker-compose rm -fsv', 'high', 'docker/compose-rm-volumes'],
  ['docker compose up -d --renew-anon-volumes', 'high', 'docker/compose-renew-volumes'],
  ['docker compose -f compose.production.yml down', 'high', 'docker/compose-down-prod'],
  ['docker compose -p billing-prod stop', 'high', 'docker/compose-down-prod'],
  ['docker compose down', 'high', 'docker/compose-down-prod', '/srv/prod/shop'],
  ['podman kube down --force app.yaml', 'high', 'docker/compose-down-volumes'],
  // swarm
  ['docker service rm shop_api shop_worker', 'high', 'docker/service-rm'],
  ['docker service scale shop_api=0', 'high', 'docker/scale-zero'],
  ['docker stack rm monitoring', 'high', 'docker/stack-rm'],
  ['docker --context swarm-prod stack rm shop', 'catastrophic', 'docker/stack-rm'],
  ['docker swarm leave', 'high', 'docker/swarm-leave'],
  ['docker node rm --force worker-3', 'high', 'docker/node-rm'],
  ['docker node update --availability drain manager-1', 'high', 'docker/drain'],
  ['docker secret rm stripe_key', 'high', 'docker/secret-rm'],
  // host exposure
  ['docker run -it -v /:/mnt/host ubuntu bash', 'high', 'docker/host-root'],
  ['docker run --rm --mount type=bind,source=/,target=/host alpine sh', 'high', 'docker/host-root'],
  [
    'docker run --rm --privileged --pid=host alpine nsenter -t 1 -m -u -n -i sh',
    'high',
    'docker/host-root',
  ],
  // images whose entrypoint is a CLI
  [
    'docker run --rm -v "$PWD":/src -w /src hashicorp/terraform:1.8 destroy',
    'catastrophic',
    'iac/destroy',
  ],
  ['docker run --rm bitnami/kubectl delete namespace shop', 'catastrophic', 'k8s/delete-namespace'],
  // code fed on stdin
  ['docker exec -i worker bash < migrate.sh', 'high', 'shell/script-stdin'],
  // registry
  ['skopeo delete docker://registry.acme.io/shop/api:1.4.0', 'high', 'docker/registry-delete'],
  // unknown destructive management verb
  ['docker checkpoint rm web cp1', 'high', 'docker/delete'],
];

const allowed: Allowed[] = [
  'docker ps -a',
  'docker container ls --filter status=exited',
  'docker logs -f --since 10m worker',
  'docker inspect api --format "{{.State.Status}}"',
  'docker images',
  'docker stats',
  'docker top api',
  'docker events --since 1h',
  'docker system df',
  'docker info',
  'docker version',
  'docker volume ls',
  'docker volume inspect pgdata',
  'docker network ls',
  'docker -H ssh://ops@web-prod-2 ps',
  'docker --context production logs api',
  'docker build -t acme/api:dev .',
  'docker buildx build --platform linux/amd64 -t acme/api:1.0 --push .',
  'docker pull postgres:16',
  'docker tag acme/api:dev acme/api:1.0',
  'docker push acme/api:1.0',
  'docker rmi -f acme/api:old',
  'docker image rm nginx:1.25',
  'docker image prune -a -f',
  'docker container prune -f',
  'docker builder prune -af',
  'docker network prune -f',
  'docker network rm shop_default',
  'docker system prune -f',
  'docker system prune -a',
  'docker rm web-test',
  'docker rm -f nginx-scratch',
  'docker rm $(docker ps -aq -f status=exited)',
  'docker stop web',
  'docker stop postgres',
  'docker restart api',
  'docker kill sleepy',
  'docker kill -s HUP postgres',
  'docker kill --signal=SIGUSR1 $(docker ps -q --filter name=nginx)',
  'docker volume rm shop_node_modules',
  'docker volume rm go-build-cache',
  'docker volume create pgdata',
  'docker volume prune --help',
  'docker rm --help',
  'docker run --help',
  'docker compose up -d',
  'docker compose up --build --force-recreate',
  'docker compose ps',
  'docker compose logs --tail 100 api',
  'docker compose config',
  'docker compose down',
  'docker compose down --rmi all --remove-orphans',
  'docker compose stop worker',
  'docker compose --dry-run down -v',
  'docker compose exec api ls /app',
  'docker-compose pull',
  'docker run --rm -it alpine sh',
  'docker run --rm -v "$PWD":/src -w /src hashicorp/terraform:1.8 plan',
  'docker run --rm -it hashicorp/vault sh',
  'docker run -d --name pg -e POSTGRES_PASSWORD=x -v pgdata:/var/lib/postgresql/data postgres:16',
  "docker run --rm alpine sh -c 'echo rm -rf / > /dev/null'",
  'docker run --rm -v /:/host:ro alpine ls /host/etc',
  "docker run --rm -v pgdata:/data alpine sh -c 'ls -la /data'",
  'docker exec -it api bash',
  'docker exec api cat /etc/os-release',
  'docker context use staging',
  'docker context rm old-host',
  'docker login ghcr.io',
  'docker cp api:/app/logs ./logs',
  'podman ps',
  'podman pod ps',
  'podman generate systemd --name api',
  'podman kube play app.yaml',
  'podman kube down app.yaml',
  'nerdctl ps -a',
  'buildah bud -t acme/api .',
  'buildah rm --all',
  'skopeo inspect docker://docker.io/library/alpine:3.19',
  'skopeo copy docker://acme/api:1.0 docker://mirror.acme.io/api:1.0',
  'lazydocker',
  'docker service ls',
  'docker service scale shop_api=4',
  'docker stack deploy -c stack.yml shop',
  'docker node ls',
];

expectTable(flagged, allowed);

describe('payloads and mounts', () => {
  it('flags a delete under a named volume mount', () => {
    const { actions } = judge(
      "docker run --rm -v redisdata:/srv/redis alpine sh -c 'rm -rf /srv/redis/*'",
    );
    expect(actions.some((a) => a.rule === 'docker/volume-data-delete')).toBe(true);
    expect(decideBuiltin(actions).verdict).not.toBe('allow');
  });
  it('maps a delete under a bind mount to the host path', () => {
    const { actions } = judge('docker run --rm -v /srv/uploads:/u alpine rm -rf /u/2024');
    const hit = actions.find(
      (a) => a.rule === 'docker/bind-mount-delete' || a.targets.includes('/u/2024'),
    );
    expect(hit).toBeDefined();
    expect(decideBuiltin(actions).verdict).not.toBe('allow');
  });
  it('does not flag regenerable paths through a mount', () => {
    const { actions } = judge('docker run --rm -v cache:/cache alpine rm -rf /cache/node_modules');
    expect(actions.some((a) => a.rule === 'docker/volume-data-delete')).toBe(false);
  });
  it('judges exec payloads inside the container, with its environment', () => {
    const { actions } = judge("docker exec orders-prod sh -c 'rm -rf /var/lib/app/*'");
    const inner = actions.filter((a) => a.via[0] === 'docker exec orders-prod');
    expect(inner.length).toBeGreaterThan(0);
    expect(inner.every((a) => a.env === 'prod')).toBe(true);
  });
  it('judges compose exec payloads', () => {
    const { actions } = judge("docker compose exec -T db sh -c 'rm -rf /var/lib/mysql'");
    expect(actions.some((a) => a.via[0] === 'docker compose exec db')).toBe(true);
  });
  it('judges podman unshare payloads as local commands', () => {
    const { actions } = judge('podman unshare rm -rf /home/dev/.local/share/containers/storage');
    expect(actions.some((a) => a.via[0] === 'podman unshare')).toBe(true);
  });
});
