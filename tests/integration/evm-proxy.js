// A JSON-RPC proxy with scripted faults, in front of a real node (anvil),
// for tests/integration/evm-send.sh. node's built-in http module only.
//
//   node evm-proxy.js UPSTREAM-URL
//
// Listens on a free loopback port, prints "PORT <n>", and exits when its
// stdin closes (the test ended or died). POSTs are forwarded to UPSTREAM
// unless the current mode says otherwise; GET /mode/<name> sets the mode,
// GET /stats answers {mode, posts, faults} (faults since the mode was set).
//
//   pass            forward everything
//   hang-once       the next POST is never answered (a timeout), then pass
//   429-once        the next POST gets HTTP 429 (Retry-After: 1), then pass
//   garbage         every POST gets 200 and a body that is not JSON
//   hold-send       a POST carrying eth_sendRawTransaction is never answered
//                   (nor forwarded); the others pass
//   die-after-send  forward until a POST carrying eth_sendRawTransaction has
//                   been answered; from then on every POST's connection is
//                   reset (the node died between broadcast and receipt)
'use strict';
const http = require('http');

const upstream = new URL(process.argv[2]);
let mode = 'pass';
let posts = 0, faults = 0, sendSeen = false;
const held = [];

function forward(req, res, body, after) {
	const up = http.request({
		host: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
	}, (ur) => {
		const chunks = [];
		ur.on('data', (c) => chunks.push(c));
		ur.on('end', () => {
			const out = Buffer.concat(chunks);
			res.writeHead(ur.statusCode, { 'Content-Type': 'application/json', 'Content-Length': out.length });
			res.end(out);
			if (after) after();
		});
	});
	up.on('error', (err) => {
		res.writeHead(502, { 'Content-Type': 'text/plain' });
		res.end('upstream: ' + err.message);
	});
	up.end(body);
}

function handle(req, res, body) {
	const parts = req.url.split('/').filter((s) => s.length);
	if (req.method === 'GET') {
		if (parts[0] === 'mode' && parts[1]) {
			mode = parts[1];
			sendSeen = false;
			faults = 0;
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			return res.end(mode + '\n');
		}
		if (parts[0] === 'stats') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			return res.end(JSON.stringify({ mode, posts, faults }) + '\n');
		}
		res.writeHead(404);
		return res.end();
	}
	posts++;
	const sends = body.includes('eth_sendRawTransaction');
	switch (mode) {
	case 'hang-once':
		mode = 'pass';
		faults++;
		held.push(res);
		return;
	case '429-once':
		mode = 'pass';
		faults++;
		res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
		return res.end('slow down');
	case 'garbage':
		faults++;
		res.writeHead(200, { 'Content-Type': 'application/json' });
		return res.end('{"jsonrpc": "2.0", garbage');
	case 'hold-send':
		if (sends) {
			faults++;
			held.push(res);
			return;
		}
		return forward(req, res, body);
	case 'die-after-send':
		if (sendSeen) {
			faults++;
			return req.socket.destroy();
		}
		return forward(req, res, body, sends ? () => { sendSeen = true; } : null);
	default:
		return forward(req, res, body);
	}
}

const server = http.createServer((req, res) => {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => handle(req, res, Buffer.concat(chunks).toString()));
});
server.listen(0, '127.0.0.1', () => {
	process.stdout.write('PORT ' + server.address().port + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
