// The example app: /healthz for its healthcheck, /metrics for Prometheus, / says where it runs.
const http = require('node:http');

let requests = 0;
http
  .createServer((req, res) => {
    requests += 1;
    if (req.url === '/healthz') return res.end('ok\n');
    if (req.url === '/metrics') {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      return res.end(`# TYPE http_requests_total counter\nhttp_requests_total ${requests}\n`);
    }
    res.end(`Hello from the devstack example app.\nDATABASE_URL host: ${new URL(process.env.DATABASE_URL ?? 'postgres://none').host}\n`);
  })
  .listen(Number(process.env.PORT ?? 8080), () => console.log(`app listening on ${process.env.PORT ?? 8080}`));
