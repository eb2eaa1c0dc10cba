/**
 * Keys the Compose specification defines, by where they appear. A key devstack does not read yet but Compose
 * knows is named in one warning (an error with `config --strict`); a key neither knows is a typo, an error.
 */
export const COMPOSE_KEYS = {
  top: ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'],
  service: [
    'annotations', 'attach', 'blkio_config', 'build', 'cgroup', 'cgroup_parent', 'cap_add', 'cap_drop', 'command', 'configs',
    'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares',
    'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt',
    'dns_search', 'domainname', 'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links', 'extra_hosts',
    'gpus', 'group_add', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'labels', 'label_file', 'links',
    'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode',
    'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop',
    'privileged', 'profiles', 'provider', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt',
    'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits',
    'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes', 'volumes_from', 'working_dir',
  ],
  build: [
    'context', 'dockerfile', 'dockerfile_inline', 'args', 'ssh', 'cache_from', 'cache_to', 'additional_contexts', 'entitlements',
    'extra_hosts', 'isolation', 'privileged', 'labels', 'no_cache', 'pull', 'network', 'shm_size', 'target', 'secrets', 'tags',
    'ulimits', 'platforms', 'provenance', 'sbom',
  ],
  port: ['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol'],
  mount: ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'image', 'consistency'],
  healthcheck: ['test', 'interval', 'timeout', 'start_period', 'start_interval', 'retries', 'disable'],
  volume: ['driver', 'driver_opts', 'external', 'labels', 'name'],
  dependency: ['condition', 'restart', 'required'],
  logging: ['driver', 'options'],
} as const;
