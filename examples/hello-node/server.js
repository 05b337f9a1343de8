// A minimal HTTP service: answers on $PORT (default 3000). No SIGTERM handler on purpose:
// the generated image runs it under tini, which forwards the signal.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('Hello from hello-node\n');
});

server.listen(port, '0.0.0.0', () => console.log(`hello-node listening on ${port}`));
