// A JSON-RPC proxy with scripted faults, between depinctl and a real peer
// (anvil, the LiteSVM validator, the fixture server). node's http module only.
//
//   node fault-proxy.js UPSTREAM-URL
//
// Listens on a free loopback port, prints "PORT <n>", and exits when its
// stdin closes (the test ended or died). POSTs go to UPSTREAM's URL (the
// request's path is appended to it) unless the mode says otherwise.
//
//   GET /mode/<name>[?method=M&count=K&ms=N]   sets the mode; with method,
//       only POSTs calling M (a JSON-RPC method, in a batch or alone) are
//       touched, the others pass; with count, only the next K touched ones
//       (then pass); ms is the delay of "delay"
//   GET /stats  {mode, posts, faults, forwarded}  (faults since the mode was set)
//
// Modes (what happens to a touched POST):
//   pass            forwarded, answered
//   delay           forwarded after ms milliseconds
//   hang-once       never answered (a timeout), once; then pass
//   429-once        HTTP 429 with Retry-After: 1, once; then pass
//   garbage         200 and a body that is not JSON (not forwarded)
//   drop            the connection is reset before anything is forwarded
//   drop-reply      forwarded (the peer acts on it), then the connection is
//                   reset: the reply is lost
//   truncate        forwarded; the reply is cut in half (Content-Length says so)
//   truncate-conn   forwarded; half the reply is sent, then the connection is
//                   reset mid-body
//   duplicate       forwarded twice (the peer sees the request twice); the
//                   first reply is answered
//   corrupt         forwarded; one character of the reply's "result" changed
//                   (a hex or base58 digit, a number)
//   null-result     forwarded; the "result" of each call of the method (or of
//                   every call) answered as null: a node that has not got
//                   it yet (a receipt behind the account's nonce)
//   hold-send       a POST sending a transaction (eth_sendRawTransaction,
//                   sendTransaction) is never answered nor forwarded
//   die-after-send  forwarded until a transaction has been sent and answered;
//                   from then on every POST's connection is reset
'use strict';
const http = require('http');

const upstream = new URL(process.argv[2]);
let mode = 'pass';
let only = null;
let left = -1;
let delayMs = 0;
let posts = 0, faults = 0, forwarded = 0, sendSeen = false;
const held = [];

function forwardRaw(req, body, cb) {
	forwarded++;
	const path = (upstream.pathname.replace(/\/$/, '') + req.url).replace(/^\/\//, '/') || '/';
	const up = http.request({
		host: upstream.hostname, port: upstream.port, path, method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
	}, (ur) => {
		const chunks = [];
		ur.on('data', (c) => chunks.push(c));
		ur.on('end', () => cb(null, ur.statusCode, Buffer.concat(chunks)));
	});
	up.on('error', (err) => cb(err));
	up.end(body);
}

function reply(res, status, out, headers) {
	res.writeHead(status, Object.assign({ 'Content-Type': 'application/json', 'Content-Length': out.length }, headers || {}));
	res.end(out);
}

function forward(req, res, body, after, transform) {
	forwardRaw(req, body, (err, status, out) => {
		if (err) {
			res.writeHead(502, { 'Content-Type': 'text/plain' });
			return res.end('upstream: ' + err.message);
		}
		if (transform)
			return transform(status, out);
		reply(res, status, out);
		if (after) after();
	});
}

function corrupt(out) {
	const s = out.toString();
	const at = s.indexOf('"result"');
	if (at < 0)
		return Buffer.from(s.replace(/[0-9a-f]/, (c) => (c === '0' ? '1' : '0')));
	const rest = s.slice(at + 8).replace(/[0-9A-Za-z]/, (c) => (c === '1' ? '2' : '1'));
	return Buffer.from(s.slice(0, at + 8) + rest);
}

// The reply with the result of each call of method (every call when null)
// set to null, matched to the request by id.
function nullResults(out, body, method) {
	try {
		const req = JSON.parse(body), rep = JSON.parse(out.toString());
		const ids = new Set((Array.isArray(req) ? req : [req]).filter((c) => c && (!method || c.method === method)).map((c) => c.id));
		for (const r of Array.isArray(rep) ? rep : [rep])
			if (r && 'result' in r && ids.has(r.id))
				r.result = null;
		return Buffer.from(JSON.stringify(rep));
	} catch (e) {
		return out;
	}
}

function calls(body) {
	try {
		const j = JSON.parse(body);
		return (Array.isArray(j) ? j : [j]).map((c) => (c && c.method) || '');
	} catch (e) {
		return [];
	}
}

function handle(req, res, body) {
	const url = new URL(req.url, 'http://x');
	const parts = url.pathname.split('/').filter((s) => s.length);
	if (req.method === 'GET') {
		if (parts[0] === 'mode' && parts[1]) {
			mode = parts[1];
			only = url.searchParams.get('method');
			left = url.searchParams.has('count') ? Number(url.searchParams.get('count')) : -1;
			delayMs = Number(url.searchParams.get('ms') || 0);
			sendSeen = false;
			faults = 0;
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			return res.end(mode + '\n');
		}
		if (parts[0] === 'stats') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			return res.end(JSON.stringify({ mode, posts, faults, forwarded }) + '\n');
		}
		res.writeHead(404);
		return res.end();
	}
	posts++;
	const methods = calls(body);
	const sends = methods.some((m) => m === 'eth_sendRawTransaction' || m === 'sendTransaction');
	const touched = mode !== 'pass' && left !== 0 && (!only || methods.includes(only)) &&
		(mode !== 'hold-send' || sends) && (mode !== 'die-after-send' || sendSeen);
	if (!touched) {
		if (mode === 'die-after-send' && sends)
			return forward(req, res, body, () => { sendSeen = true; });
		return forward(req, res, body);
	}
	if (left > 0)
		left--;
	faults++;
	switch (mode) {
	case 'delay':
		return setTimeout(() => forward(req, res, body), delayMs);
	case 'hang-once':
		mode = 'pass';
		held.push(res);
		return;
	case '429-once':
		mode = 'pass';
		res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
		return res.end('slow down');
	case 'garbage':
		return reply(res, 200, Buffer.from('{"jsonrpc": "2.0", garbage'));
	case 'drop':
		return req.socket.destroy();
	case 'drop-reply':
		return forward(req, res, body, null, () => req.socket.destroy());
	case 'truncate':
		return forward(req, res, body, null, (status, out) => reply(res, status, out.subarray(0, out.length >> 1)));
	case 'truncate-conn':
		return forward(req, res, body, null, (status, out) => {
			res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': out.length });
			res.write(out.subarray(0, out.length >> 1));
			setTimeout(() => req.socket.destroy(), 20);
		});
	case 'duplicate':
		return forwardRaw(req, body, (err, status, out) => {
			if (err) {
				res.writeHead(502);
				return res.end();
			}
			forwardRaw(req, body, () => reply(res, status, out));
		});
	case 'corrupt':
		return forward(req, res, body, null, (status, out) => reply(res, status, corrupt(out)));
	case 'null-result':
		return forward(req, res, body, null, (status, out) => reply(res, status, nullResults(out, body, only)));
	case 'hold-send':
		held.push(res);
		return;
	case 'die-after-send':
		return req.socket.destroy();
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
