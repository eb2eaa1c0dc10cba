import type { Runtime } from './detect-runtime.js';

/** What the generated Dockerfile depends on, read from the project's files. */
export interface DockerfileFacts {
  /** Files present at the top of the project. */
  files: string[];
  /** Node: the script to run; Go: the main package; Python: the command. */
  entry: string;
}

const HEADER = (profile: string) =>
  [
    `# Written by \`devstack init\`. The built-in ${profile} profile builds the \`dev\` stage and mounts the source`,
    '# over its copy; `docker build .` builds `prod`, the small image to ship. Dependencies install from the',
    '# manifests alone, before the source is copied, so an edit to the code reuses that layer.',
  ].join('\n');

function node({ files, entry }: DockerfileFacts): string {
  const lock = files.includes('package-lock.json') || files.includes('npm-shrinkwrap.json');
  const manifests = [
    'package.json',
    ...(files.includes('package-lock.json') ? ['package-lock.json'] : []),
    ...(files.includes('npm-shrinkwrap.json') ? ['npm-shrinkwrap.json'] : []),
  ];
  // `init --runtime node` in a folder with no package.json yet: nothing to install.
  const hasPackage = files.includes('package.json');
  const install = (omitDev: boolean) =>
    hasPackage ? `RUN ${lock ? 'npm ci' : 'npm install'} --no-audit --no-fund${omitDev ? ' --omit=dev' : ''} && npm cache clean --force\n` : '';
  const health = `HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`;
  return `${HEADER('app-node')}
FROM node:20-slim AS base
WORKDIR /app
ENV PORT=8080
${hasPackage ? `COPY ${manifests.join(' ')} ./\n` : ''}
FROM base AS dev
ENV NODE_ENV=development
${install(false)}COPY . .
USER node
EXPOSE 8080
CMD ["node", "--watch", ${JSON.stringify(entry)}]

FROM base AS prod
ENV NODE_ENV=production
${install(true)}COPY . .
USER node
EXPOSE 8080
${health}
CMD ["node", ${JSON.stringify(entry)}]
`;
}

function go({ files, entry }: DockerfileFacts): string {
  return `${HEADER('app-go')}
FROM golang:1.24 AS base
WORKDIR /app
${files.includes('go.mod') ? `COPY ${['go.mod', ...(files.includes('go.sum') ? ['go.sum'] : [])].join(' ')} ./\nRUN go mod download\n` : ''}
# Air rebuilds and restarts the program on every save; the profile runs it as uid 1000.
FROM base AS dev
RUN go install github.com/air-verse/air@v1.61.7 && go clean -cache
COPY . .
USER 1000
EXPOSE 8080
CMD ["air", "-c", ".air.toml"]

FROM base AS build
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/app ${entry}

# Only the static binary ships: no compiler, no shell, no root.
FROM gcr.io/distroless/static-debian12:nonroot AS prod
COPY --from=build /out/app /app
USER nonroot
EXPOSE 8080
ENTRYPOINT ["/app"]
`;
}

/** Python reads the dependencies a pyproject.toml declares with its own tomllib: no build backend to fetch. */
const PYPROJECT_DEPENDENCIES = `python -c "import subprocess, sys, tomllib; deps = tomllib.load(open('pyproject.toml', 'rb')).get('project', {}).get('dependencies', []); deps and subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--no-cache-dir', *deps])"`;

function python({ files, entry }: DockerfileFacts): string {
  const [manifest, install] = files.includes('requirements.txt')
    ? ['requirements.txt', 'pip install --no-cache-dir -r requirements.txt']
    : files.includes('pyproject.toml')
      ? ['pyproject.toml', PYPROJECT_DEPENDENCIES]
      : [undefined, undefined];
  const command = `[${entry
    .split(' ')
    .map((word) => JSON.stringify(word))
    .join(', ')}]`;
  return `${HEADER('app-python')}
FROM python:3.13-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8080
WORKDIR /app
RUN useradd --uid 1000 --create-home app
${manifest ? `COPY ${manifest} ./\nRUN ${install}\n` : ''}
FROM base AS dev
COPY . .
USER app
EXPOSE 8080
CMD ${command}

FROM base AS prod
COPY . .
USER app
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"]
CMD ${command}
`;
}

/** A multi-stage, non-root Dockerfile with the `dev` stage the runtime's built-in app profile builds. */
export function dockerfile(runtime: Runtime, facts: DockerfileFacts): string {
  return { node, go, python }[runtime](facts);
}

/** Air's settings for the app-go profile: build the main package into tmp/, which the .dockerignore leaves out. */
export function airConfig(main: string): string {
  return `# Written by \`devstack init\` for the app-go profile, which runs \`air -c .air.toml\`.
root = "."
tmp_dir = "tmp"

[build]
  cmd = "go build -o ./tmp/main ${main}"
  bin = "./tmp/main"
  include_ext = ["go", "tmpl", "html"]
  exclude_dir = ["tmp", "vendor", ".devstack"]
  delay = 200
`;
}
