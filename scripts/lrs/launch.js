// Learning Locker's statement service (npm @learninglocker/xapi-statements, in-memory) behind
// what tests need of a real LRS: it listens on 127.0.0.1 only and refuses any request without
// the expected HTTP Basic credentials (401), which the service alone would accept.
//
// Environment: RAPPORT_LRS_HOME (where scripts/setup installed the package), RAPPORT_LRS_PORT,
// RAPPORT_LRS_USER, RAPPORT_LRS_PASSWORD. The endpoint is http://127.0.0.1:PORT/xAPI/.
'use strict';
const http = require('http');
const path = require('path');

const port = Number(process.env.RAPPORT_LRS_PORT);
const expected = 'Basic ' +
  Buffer.from(`${process.env.RAPPORT_LRS_USER}:${process.env.RAPPORT_LRS_PASSWORD}`).toString('base64');

const createServer = http.createServer;
http.createServer = function (...args) {
  const handler = args.pop();
  return createServer.call(http, ...args, (req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="LRS"' });
      res.end(JSON.stringify({ message: 'Unauthorised: wrong or missing credentials' }));
      return;
    }
    handler(req, res);
  });
};
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  const ready = args.find((a) => typeof a === 'function');
  return listen.call(this, port, '127.0.0.1', () => {
    console.log(`lrs listening on 127.0.0.1:${port}`);
    if (ready) ready();
  });
};

Object.assign(process.env, {
  MODELS_REPO: 'memory',
  STORAGE_REPO: 'memory',
  AUTH_REPO: 'test',
  EVENTS_REPO: 'test',
  EXPRESS_PORT: String(port),
  WINSTON_CONSOLE_LEVEL: 'error',
});
require(path.join(process.env.RAPPORT_LRS_HOME, 'node_modules/@learninglocker/xapi-statements/dist/server.js'));
