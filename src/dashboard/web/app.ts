/// <reference lib="dom" />
/**
 * The dashboard page. Everything arrives over one server-sent event stream (no polling); actions are
 * POSTed and their progress comes back on the same stream. Built by scripts/bundle-dashboard.mjs into
 * dist/dashboard/app.js; the token lives in an HttpOnly cookie this code never sees. Every URL here is
 * relative: the page lives under the run's own path, the only one the cookie is sent to.
 */
import { h, render, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ActionRequest, ActionView, LogLineView, ProjectView, ServiceView, SnapshotView, VolumePlanView } from '../view.js';
import type { WatchEvent } from '../../watch/watch-events.js';
import { isErrorLine, LogStore } from './log-store.js';
import { formatBytes } from '../../model/bytes.js';
import { formatElapsed } from '../../model/elapsed.js';

/** Lines the page keeps; older ones are dropped (the server and the engine still have them). */
const LOG_CAP = 50_000;
const ROW_PX = 18;
const OVERSCAN = 20;

type WatchEntry = WatchEvent & { time: string };

const logs = new LogStore(LOG_CAP);

function tone(s: ServiceView): 'ok' | 'bad' | 'warn' | 'off' {
  if (s.health === 'unhealthy' || s.state === 'dead' || (/^exited/.test(s.state) && s.state !== 'exited (0)')) return 'bad';
  if (s.health === 'healthy' || (s.state === 'running' && !s.health)) return 'ok';
  if (s.health === 'starting' || s.state === 'restarting' || s.state === 'created' || s.state === 'paused') return 'warn';
  return 'off';
}

function uptime(startedAt: string | null, running: boolean, now: number): string {
  if (!startedAt || !running) return '';
  const s = Math.max(0, Math.round((now - Date.parse(startedAt)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

async function post(request: ActionRequest): Promise<void> {
  const res = await fetch('api/actions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
    credentials: 'same-origin',
  });
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
}

function Link(props: { href: string; children?: ComponentChildren }) {
  return h('a', { href: props.href, target: '_blank', rel: 'noreferrer noopener' }, props.children);
}

function ServiceCard(props: {
  s: ServiceView;
  now: number;
  busy: boolean;
  act: (r: ActionRequest) => void;
  reset: (service: string) => void;
  showLogs: (service: string) => void;
}) {
  const { s, act } = props;
  const running = s.state === 'running';
  const button = (label: string, request: ActionRequest, danger = false) =>
    h('button', { class: danger ? 'danger' : '', disabled: props.busy, onClick: () => act(request), 'data-action': request.kind }, label);
  return h(
    'section',
    { class: `card ${tone(s)}`, 'data-service': s.service, 'data-tone': tone(s), 'data-state': s.state, 'data-health': s.health },
    h(
      'header',
      null,
      h('h2', null, s.service),
      h('span', { class: 'badge' }, s.health ? `${s.state} · ${s.health}` : s.state),
      props.busy ? h('span', { class: 'spinner', title: 'an action is under way' }) : null,
    ),
    h(
      'dl',
      null,
      h('dt', null, 'image'),
      h('dd', { class: 'mono' }, s.image || '—'),
      h('dt', null, 'mode'),
      h(
        'dd',
        null,
        s.mode ?? '—',
        s.debug ? h('span', { class: 'tag' }, ` debug: ${s.debug.runtime} on ${s.debug.address ?? `container port ${s.debug.containerPort}`}`) : null,
      ),
      h('dt', null, 'uptime'),
      h('dd', null, uptime(s.startedAt, running, props.now) || '—', s.restartCount ? ` · ${s.restartCount} restart${s.restartCount === 1 ? '' : 's'}` : ''),
      h('dt', null, 'cpu / mem'),
      h(
        'dd',
        null,
        s.cpuPercent === null || s.memoryBytes === null
          ? '—'
          : `${s.cpuPercent.toFixed(1)}% · ${formatBytes(s.memoryBytes)}${s.memoryLimitBytes ? ` of ${formatBytes(s.memoryLimitBytes)}` : ''}`,
      ),
      h('dt', null, 'ports'),
      h(
        'dd',
        null,
        s.ports.length
          ? s.ports.map((p, i) =>
              h(
                'span',
                { key: i },
                i ? ', ' : '',
                p.protocol === 'tcp' ? h(Link, { href: p.url }, p.url.replace('http://', '')) : p.url,
                ` → ${p.containerPort}`,
              ),
            )
          : '—',
      ),
      h('dt', null, 'depends on'),
      h('dd', null, s.dependsOn.length ? s.dependsOn.join(', ') : '—'),
    ),
    s.healthLog.length
      ? h(
          'details',
          { class: 'probes', open: tone(s) === 'bad' },
          h('summary', null, 'last healthcheck outputs'),
          h('pre', { class: 'probe-output' }, s.healthLog.map((o) => o.trim() || '(no output)').join('\n')),
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      running ? button('Stop', { kind: 'stop', service: s.service }) : button('Start', { kind: 'start', service: s.service }),
      s.container ? button('Restart', { kind: 'restart', service: s.service }) : null,
      s.build ? button('Rebuild', { kind: 'rebuild', service: s.service }) : null,
      h('button', { disabled: props.busy, onClick: () => props.reset(s.service), 'data-action': 'reset' }, 'Reset…'),
      s.debug ? button('Debug off', { kind: 'debug-off', service: s.service }) : button('Debug', { kind: 'debug-on', service: s.service }),
      h('button', { class: 'quiet', onClick: () => props.showLogs(s.service) }, 'Logs'),
    ),
  );
}

function ResetDialog(props: { service: string; close: () => void; act: (r: ActionRequest) => void }) {
  const [plan, setPlan] = useState<VolumePlanView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    fetch(`api/reset-plan?service=${encodeURIComponent(props.service)}`, { credentials: 'same-origin' })
      .then(async (res) => (res.ok ? setPlan((await res.json()) as VolumePlanView) : setError(((await res.json()) as { error: string }).error)))
      .catch((e: Error) => setError(e.message));
  }, [props.service]);
  const go = (volumes: boolean) => {
    props.act({ kind: 'reset', service: props.service, ...(volumes ? { volumes: true, confirmed: plan!.delete.map((v) => v.name) } : {}) });
    props.close();
  };
  return h(
    'div',
    { class: 'modal', role: 'dialog', 'aria-label': `Reset ${props.service}` },
    h(
      'div',
      { class: 'modal-body' },
      h('h2', null, `Reset ${props.service}`),
      h('p', null, 'Recreates its container from the stack file and waits until it is ready again.'),
      error ? h('pre', { class: 'error' }, error) : null,
      !plan && !error ? h('p', null, 'Looking up its volumes…') : null,
      plan?.refusal ? h('pre', { class: 'error', 'data-refusal': '' }, plan.refusal) : null,
      plan && plan.delete.length && !plan.refusal
        ? h(
            'div',
            { class: 'volumes' },
            h('p', null, 'With its data, these volumes will be deleted:'),
            h(
              'table',
              { class: 'volume-list' },
              h(
                'tbody',
                null,
                plan.delete.map((v) => h('tr', { key: v.name, 'data-volume': v.name }, h('td', { class: 'mono' }, v.name), h('td', null, v.size))),
              ),
            ),
            h('p', { class: 'note' }, 'A snapshot of them is taken first: Undo (or `devstack undo`) brings them back.'),
          )
        : null,
      plan && !plan.delete.length ? h('p', { class: 'note' }, 'It has no volume of this project to delete.') : null,
      plan?.kept.length
        ? h(
            'ul',
            { class: 'note' },
            plan.kept.map((k) => h('li', { key: k.name }, `Keeping ${k.name}: ${k.reason}.`)),
          )
        : null,
      h(
        'div',
        { class: 'actions' },
        h('button', { onClick: () => go(false), disabled: !plan, 'data-confirm': 'keep' }, 'Reset, keep data'),
        plan?.delete.length && !plan.refusal
          ? h(
              'button',
              { class: 'danger', onClick: () => go(true), 'data-confirm': 'volumes' },
              `Delete ${plan.delete.length === 1 ? 'this volume' : `these ${plan.delete.length} volumes`} and reset`,
            )
          : null,
        h('button', { class: 'quiet', onClick: props.close }, 'Cancel'),
      ),
    ),
  );
}

function Activity(props: { actions: ActionView[] }) {
  if (!props.actions.length) return null;
  return h(
    'section',
    { class: 'panel' },
    h('h2', null, 'Activity'),
    h(
      'ol',
      { class: 'activity' },
      [...props.actions]
        .reverse()
        .map((a) =>
          h(
            'li',
            { key: a.id, class: a.status, 'data-action-id': a.id, 'data-status': a.status },
            h(
              'div',
              null,
              h('code', null, a.command),
              ' ',
              h(
                'span',
                { class: 'badge' },
                a.status === 'running' ? 'running…' : a.status === 'done' ? `done in ${formatElapsed(a.elapsedMs ?? 0)}` : 'failed',
              ),
            ),
            a.lines.length ? h('pre', null, a.lines.join('\n')) : null,
            a.error ? h('pre', { class: 'error' }, a.error) : null,
          ),
        ),
    ),
  );
}

function Endpoints(props: { view: ProjectView }) {
  if (!props.view.endpoints.length) return null;
  return h(
    'section',
    { class: 'panel' },
    h('h2', null, 'Where things are'),
    h(
      'table',
      { class: 'endpoints' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['Service', 'What', 'Where', 'Credentials from'].map((t) => h('th', { key: t }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        props.view.endpoints.map((e, i) =>
          h(
            'tr',
            { key: i },
            h('td', null, e.service),
            h('td', null, e.name),
            h('td', { class: 'mono' }, /^https?:/.test(e.url) ? h(Link, { href: e.url }, e.url) : e.url),
            h('td', null, e.credentials),
          ),
        ),
      ),
    ),
  );
}

/** Asked before a restore, as `devstack snapshot restore` asks: what it replaces, and how to get it back. */
function RestoreDialog(props: { snapshot: SnapshotView; close: () => void; act: (r: ActionRequest) => void }) {
  const { snapshot } = props;
  return h(
    'div',
    { class: 'modal', role: 'dialog', 'aria-label': `Restore ${snapshot.name}` },
    h(
      'div',
      { class: 'modal-body' },
      h('h2', null, `Restore snapshot ${snapshot.name}`),
      h('p', null, `Taken ${snapshot.createdAt.replace('T', ' ').slice(0, 19)}; restoring it replaces the current data of:`),
      h(
        'table',
        { class: 'volume-list' },
        h(
          'tbody',
          null,
          snapshot.volumes.map((v) => h('tr', { key: v, 'data-volume': v }, h('td', { class: 'mono' }, v))),
        ),
      ),
      h('p', { class: 'note' }, 'A snapshot of the current data is taken first: Undo (or `devstack undo`) brings it back.'),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { class: 'danger', onClick: () => (props.close(), props.act({ kind: 'snapshot-restore', name: snapshot.name })), 'data-confirm': 'restore' },
          'Replace the data with this snapshot',
        ),
        h('button', { class: 'quiet', onClick: props.close }, 'Cancel'),
      ),
    ),
  );
}

function Snapshots(props: { view: ProjectView; act: (r: ActionRequest) => void; busy: boolean }) {
  const [name, setName] = useState('');
  const [restoring, setRestoring] = useState<SnapshotView | null>(null);
  const automatic = props.view.snapshots.some((s) => s.automatic);
  return h(
    'section',
    { class: 'panel' },
    h('h2', null, 'Snapshots'),
    h(
      'div',
      { class: 'actions' },
      h('input', { placeholder: 'name (optional)', value: name, onInput: (e: Event) => setName((e.target as HTMLInputElement).value) }),
      h(
        'button',
        { disabled: props.busy, onClick: () => props.act({ kind: 'snapshot-save', ...(name ? { name } : {}) }), 'data-action': 'snapshot-save' },
        'Save snapshot',
      ),
      h(
        'button',
        {
          disabled: props.busy || !automatic,
          onClick: () => props.act({ kind: 'undo' }),
          title: 'restore the automatic snapshot the last reset --volumes or snapshot restore took (devstack undo)',
          'data-action': 'undo',
        },
        'Undo last reset or restore',
      ),
    ),
    props.view.snapshots.length
      ? h(
          'table',
          null,
          h(
            'tbody',
            null,
            props.view.snapshots.map((s) =>
              h(
                'tr',
                { key: s.name, 'data-snapshot': s.name },
                h('td', { class: 'mono' }, s.name),
                h('td', null, s.createdAt.replace('T', ' ').slice(0, 19)),
                h('td', null, formatBytes(s.bytes)),
                h('td', null, s.automatic ? `automatic (${s.reason ?? ''})` : 'saved'),
                h('td', null, h('button', { disabled: props.busy, onClick: () => setRestoring(s), 'data-action': 'snapshot-restore' }, 'Restore…')),
              ),
            ),
          ),
        )
      : h('p', { class: 'note' }, 'No snapshots yet.'),
    restoring ? h(RestoreDialog, { snapshot: restoring, close: () => setRestoring(null), act: props.act }) : null,
  );
}

function watchText(e: WatchEntry): string {
  switch (e.type) {
    case 'watching':
      return `${e.service}: watching ${e.rules.map((r) => `${r.action} ${r.path}`).join('; ')}`;
    case 'action':
      return `${e.service}: ${e.ok ? ({ sync: 'synced', rebuild: 'rebuilt', 'sync+restart': 'synced and restarted', 'sync+exec': 'synced and ran' } as const)[e.action] : `${e.action} failed`} ${e.files} file${e.files === 1 ? '' : 's'} (${e.paths.slice(0, 3).join(', ')})${e.detail ? ` — ${e.detail}` : ''} in ${Math.round(e.durationMs)} ms`;
    case 'warning':
      return `warning: ${e.message}`;
    case 'stopped':
      return 'watch stopped';
  }
}

function Timeline(props: { events: WatchEntry[] }) {
  return h(
    'section',
    { class: 'panel' },
    h('h2', null, 'Watch'),
    props.events.length
      ? h(
          'ol',
          { class: 'timeline' },
          [...props.events]
            .reverse()
            .slice(0, 100)
            .map((e, i) =>
              h(
                'li',
                { key: i, class: e.type === 'action' && !e.ok ? 'failed' : e.type },
                h('time', null, e.time.slice(11, 23)),
                ' ',
                watchText(e),
                e.type === 'action' && e.output?.length ? h('pre', null, e.output.join('\n')) : null,
              ),
            ),
        )
      : h('p', { class: 'note' }, 'Watching: change a file to see what happens.'),
  );
}

function LogView(props: { services: string[]; service: string; setService: (s: string) => void }) {
  const [, setVersion] = useState(0);
  // Repainted at most once a frame however fast lines come, and only this panel.
  useEffect(() => {
    let frame = 0;
    const stop = logs.subscribe(() => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    });
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, []);
  const [text, setText] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [follow, setFollow] = useState(true);
  const [mark, setMark] = useState(-1);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => logs.setFilter({ service: props.service, text }), [props.service, text]);
  const lines = logs.view();
  const height = box.current?.clientHeight ?? 480;
  useEffect(() => {
    if (follow && !logs.paused && box.current) box.current.scrollTop = lines.length * ROW_PX;
  });
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + height) / ROW_PX) + OVERSCAN);
  const width = useMemo(() => Math.max(4, ...props.services.map((s) => s.length)), [props.services]);
  const rows = [];
  for (let i = first; i < last; i += 1) {
    const line = lines[i]!;
    rows.push(
      h(
        'div',
        {
          key: i,
          class: `row${line.stream === 'stderr' ? ' stderr' : ''}${isErrorLine(line) ? ' err' : ''}${i === mark ? ' mark' : ''}`,
          style: `top:${i * ROW_PX}px`,
          'data-time': line.time,
        },
        h('span', { class: 'svc', style: `width:${width + 1}ch` }, line.service),
        h('span', { class: 'ts' }, line.time.slice(11, 23)),
        line.message,
      ),
    );
  }
  const jump = () => {
    const index = logs.firstError();
    if (index < 0 || !box.current) return setMark(-2);
    setFollow(false);
    setMark(index);
    box.current.scrollTop = Math.max(0, index * ROW_PX - height / 3);
  };
  return h(
    'section',
    { class: 'panel logs' },
    h(
      'div',
      { class: 'log-tools' },
      h('h2', null, 'Logs'),
      h(
        'select',
        { value: props.service, onChange: (e: Event) => props.setService((e.target as HTMLSelectElement).value), 'aria-label': 'service' },
        h('option', { value: '' }, 'all services, by time'),
        props.services.map((s) => h('option', { key: s, value: s }, s)),
      ),
      h('input', {
        type: 'search',
        placeholder: 'filter',
        value: text,
        onInput: (e: Event) => setText((e.target as HTMLInputElement).value),
        'aria-label': 'filter',
      }),
      h(
        'button',
        {
          onClick: () => (logs.paused ? (logs.resume(), setFollow(true)) : logs.pause()),
          'data-log': 'pause',
        },
        logs.paused ? 'Resume' : 'Pause',
      ),
      h('button', { onClick: jump, 'data-log': 'first-error' }, 'First error'),
      h(
        'span',
        { class: 'note' },
        `${lines.length.toLocaleString()} lines${logs.paused ? ` (paused; ${logs.newWhilePaused().toLocaleString()} new)` : ''}${logs.dropped ? ` · ${logs.dropped.toLocaleString()} not sent while the page was behind` : ''}${mark === -2 ? ' · no error line' : ''}`,
      ),
    ),
    h(
      'div',
      {
        class: 'log-box',
        ref: box,
        onScroll: (e: Event) => {
          const el = e.target as HTMLDivElement;
          setScrollTop(el.scrollTop);
          setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX * 2);
        },
      },
      h('div', { class: 'log-space', style: `height:${lines.length * ROW_PX}px` }, rows),
    ),
  );
}

function App() {
  const [view, setView] = useState<ProjectView | null>(null);
  const [actions, setActions] = useState<Map<number, ActionView>>(new Map());
  const [watch, setWatch] = useState<WatchEntry[]>([]);
  const [connection, setConnection] = useState<'connecting' | 'live' | 'lost'>('connecting');
  const [now, setNow] = useState(Date.now());
  const [resetting, setResetting] = useState('');
  const [logService, setLogService] = useState('');
  const [postError, setPostError] = useState('');

  useEffect(() => {
    const source = new EventSource('api/events');
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting');
    source.addEventListener('state', (e) => setView(JSON.parse((e as MessageEvent<string>).data) as ProjectView));
    source.addEventListener('actions', (e) => setActions(new Map((JSON.parse((e as MessageEvent<string>).data) as ActionView[]).map((a) => [a.id, a]))));
    source.addEventListener('action', (e) => {
      const action = JSON.parse((e as MessageEvent<string>).data) as ActionView;
      setActions((old) => new Map(old).set(action.id, action));
    });
    source.addEventListener('watch', (e) => {
      const events = JSON.parse((e as MessageEvent<string>).data) as WatchEntry[];
      setWatch((old) => [...old, ...events].slice(-200));
    });
    source.addEventListener('logs', (e) => {
      logs.add(JSON.parse((e as MessageEvent<string>).data) as LogLineView[]);
    });
    source.addEventListener('dropped', (e) => {
      logs.dropped += (JSON.parse((e as MessageEvent<string>).data) as { lines: number }).lines;
    });
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      source.close();
      clearInterval(tick);
    };
  }, []);

  const act = (request: ActionRequest) => {
    setPostError('');
    post(request).catch((e: Error) => setPostError(e.message));
  };
  if (!view) return h('main', { class: 'loading' }, connection === 'lost' ? 'The dashboard is not answering: run `devstack ui` again.' : 'Connecting…');
  const list = [...actions.values()];
  const busy = (service?: string) => list.some((a) => a.status === 'running' && (!service || !a.service || a.service === service));
  return h(
    'main',
    { 'data-ready': view.services.length },
    h(
      'header',
      { class: 'top' },
      h('h1', null, view.project),
      h('span', { class: 'dir mono' }, view.projectDir),
      h(
        'span',
        { class: `conn ${connection}`, title: 'live updates from the engine' },
        connection === 'live' ? 'live' : connection === 'lost' ? 'dashboard stopped' : 'reconnecting…',
      ),
    ),
    postError ? h('pre', { class: 'error banner' }, postError) : null,
    h(
      'div',
      { class: 'grid' },
      view.services.map((s) => h(ServiceCard, { key: s.service, s, now, busy: busy(s.service), act, reset: setResetting, showLogs: setLogService })),
    ),
    h(
      'div',
      { class: 'columns' },
      h('div', null, h(Endpoints, { view }), h(Snapshots, { view, act, busy: busy() })),
      h('div', null, h(Activity, { actions: list }), view.watching || watch.length ? h(Timeline, { events: watch }) : null),
    ),
    h(LogView, { services: view.services.map((s) => s.service), service: logService, setService: setLogService }),
    resetting ? h(ResetDialog, { service: resetting, close: () => setResetting(''), act }) : null,
  );
}

render(h(App, null), document.getElementById('app')!);
