// A fake JSON-RPC / HTTP server for tests/unit/test-http.c, on node's
// built-in http module only. Listens on a free loopback port, prints
// "PORT <n>", and exits when its stdin closes (the test ended or died).
//
// The path picks the behaviour; a trailing /<key> keeps per-test counters
// apart. GET /stats gives {hits: {path: n}, maxInflight (on /slow)}; GET
// /reset clears them.
//
//   /rpc                 JSON-RPC; batch replies in reverse order
//   /nobatch             a batch gets HTTP 400 and a JSON-RPC error
//   /nobatch200          a batch gets HTTP 200 and one error object
//   /batchlimit          a batch gets "batch size too large" per element
//   /partial             a batch reply misses its first call, adds a stranger
//   /429/<key>           first hit: 429, Retry-After: 1 (seconds)
//   /429date/<key>       first hit: 429, Retry-After: an HTTP date 2 s ahead
//   /429long             always 429, Retry-After: 3600
//   /503/<n>/<key>       the first n hits: 503
//   /status/<code>       that status with a JSON-RPC error body
//   /hang                never answers
//   /hangup              promises 1000 bytes, sends 10, hangs up
//   /garbage /html /empty /trailing /wrongid /shape /string /noresult
//   /size/<n>            n bytes (Content-Length);  /chunked/<n>: n bytes chunked
//   /slow/<ms>/<key>     JSON-RPC after ms (GET: echoes the key)
//   /redirect /redirect-other (to localhost) /redirect-file /redirect-loop
//   /headers             GET: the request headers as JSON
'use strict';
const http = require('http');

let hits = {};
let inflight = 0, maxInflight = 0;

function rpcOne(req, headers) {
	if (!req || typeof req !== 'object' || Array.isArray(req) || typeof req.method !== 'string')
		return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } };
	const id = req.id, p = req.params;
	switch (req.method) {
	case 'echo': return { jsonrpc: '2.0', id, result: p === undefined ? null : p };
	case 'add': return { jsonrpc: '2.0', id, result: p[0] + p[1] };
	case 'headers': return { jsonrpc: '2.0', id, result: headers };
	case 'simulate':
		return {
			jsonrpc: '2.0', id, error: {
				code: -32002,
				message: 'Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1',
				data: {
					err: { InstructionError: [0, { Custom: 1 }] },
					logs: ['Program 11111111111111111111111111111111 invoke [1]',
						'Program log: insufficient lamports 5, need 10'],
				},
			},
		};
	case 'evil':
		return { jsonrpc: '2.0', id, error: { code: -1, message: 'bad\u001b[2Jthing\u0007\u009b' } };
	default:
		return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } };
	}
}

// "big" needs literal integers beyond 2^53, which JSON.stringify cannot write.
function rpcText(req, headers) {
	if (req && req.method === 'big')
		return '{"jsonrpc":"2.0","id":' + JSON.stringify(req.id) + ',"result":{"max":18446744073709551615,' +
			'"edge":9007199254740993,"exact":9007199254740992,"neg":-9007199254740993,' +
			'"small":42,"float":1.5e300,"text":"12345678901234567890"}}';
	return JSON.stringify(rpcOne(req, headers));
}

function rpcReply(body, headers, reverse) {
	let req;
	try {
		req = JSON.parse(body);
	} catch (e) {
		return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
	}
	if (Array.isArray(req)) {
		const out = req.map((r) => rpcText(r, headers));
		if (reverse)
			out.reverse();
		return '[' + out.join(',') + ']';
	}
	return rpcText(req, headers);
}

function send(res, status, body, type, extra) {
	const h = Object.assign({ 'Content-Type': type || 'application/json', 'Content-Length': Buffer.byteLength(body) }, extra || {});
	res.writeHead(status, h);
	res.end(body);
}

function handle(req, res, body) {
	const path = req.url.split('?')[0];
	const parts = path.split('/').filter((s) => s.length);
	const mode = parts[0] || '';
	const n = (hits[path] = (hits[path] || 0) + 1);
	let parsed = null;
	try { parsed = JSON.parse(body); } catch (e) { /* not JSON */ }
	const isBatch = Array.isArray(parsed);
	const one = parsed && !isBatch ? parsed : {};
	const batchErr = { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch requests are not supported' } };

	switch (mode) {
	case 'stats': return send(res, 200, JSON.stringify({ hits, maxInflight }));
	case 'reset': hits = {}; maxInflight = inflight; return send(res, 200, '{}');
	case 'headers': return send(res, 200, JSON.stringify(req.headers));
	case 'rpc': return send(res, 200, rpcReply(body, req.headers, true));
	case 'nobatch':
		if (isBatch) return send(res, 400, JSON.stringify(batchErr));
		return send(res, 200, rpcReply(body, req.headers));
	case 'nobatch200':
		if (isBatch) return send(res, 200, JSON.stringify(batchErr));
		return send(res, 200, rpcReply(body, req.headers));
	case 'batchlimit':
		if (isBatch)
			return send(res, 200, JSON.stringify(parsed.map((r) => ({ jsonrpc: '2.0', id: r.id, error: { code: -32005, message: 'batch size too large' } }))));
		return send(res, 200, rpcReply(body, req.headers));
	case 'partial':
		if (isBatch) {
			const out = parsed.slice(1).map((r) => rpcOne(r, req.headers));
			out.push({ jsonrpc: '2.0', id: 999999, result: 'stranger' });
			out.push(out[0]); // a repeat
			return send(res, 200, JSON.stringify(out));
		}
		return send(res, 200, rpcReply(body, req.headers));
	case '429':
		if (n === 1) return send(res, 429, 'slow down', 'text/plain', { 'Retry-After': '1' });
		return send(res, 200, req.method === 'GET' ? '"ok"' : rpcReply(body, req.headers));
	case '429date':
		if (n === 1) return send(res, 429, 'slow down', 'text/plain', { 'Retry-After': new Date(Date.now() + 2000).toUTCString() });
		return send(res, 200, req.method === 'GET' ? '"ok"' : rpcReply(body, req.headers));
	case '429long': return send(res, 429, 'come back in an hour', 'text/plain', { 'Retry-After': '3600' });
	case '503':
		if (n <= Number(parts[1])) return send(res, 503, '<html>busy</html>', 'text/html');
		return send(res, 200, req.method === 'GET' ? '"ok"' : rpcReply(body, req.headers));
	case 'status':
		return send(res, Number(parts[1]), JSON.stringify({ jsonrpc: '2.0', id: one.id === undefined ? null : one.id, error: { code: -32000, message: 'status ' + parts[1] + ' from the server' } }));
	case 'hang': return; // never answers
	case 'hangup':
		res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 });
		res.write('{"jsonrpc"');
		setTimeout(() => res.socket.destroy(), 20);
		return;
	case 'garbage': return send(res, 200, '{not json at all');
	case 'html': return send(res, 200, '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html; charset=utf-8');
	case 'empty': return send(res, 200, '');
	case 'trailing': return send(res, 200, JSON.stringify({ jsonrpc: '2.0', id: one.id, result: 1 }) + '}{');
	case 'wrongid': return send(res, 200, JSON.stringify({ jsonrpc: '2.0', id: (one.id || 0) + 1000, result: 'not yours' }));
	case 'shape': return send(res, 200, '[1,2,3]');
	case 'string': return send(res, 200, '"hello"');
	case 'noresult': return send(res, 200, JSON.stringify({ jsonrpc: '2.0', id: one.id }));
	case 'size': return send(res, 200, 'x'.repeat(Number(parts[1])), 'text/plain');
	case 'chunked': {
		res.writeHead(200, { 'Content-Type': 'text/plain' });
		let left = Number(parts[1]);
		const piece = 'y'.repeat(16384);
		const pump = () => {
			while (left > 0) {
				const k = Math.min(left, piece.length);
				left -= k;
				if (!res.write(piece.slice(0, k))) return res.once('drain', pump);
			}
			res.end();
		};
		return pump();
	}
	case 'slow':
		return setTimeout(() => send(res, 200, req.method === 'GET' ? JSON.stringify(parts[2] || '') : rpcReply(body, req.headers)), Number(parts[1]));
	case 'redirect': return send(res, 307, '', 'text/plain', { Location: '/rpc' });
	case 'redirect-other': // another origin: same port, named localhost
		return send(res, 307, '', 'text/plain', { Location: 'http://localhost:' + server.address().port + '/rpc' });
	case 'redirect-file': return send(res, 302, '', 'text/plain', { Location: 'file:///etc/passwd' });
	case 'redirect-loop': return send(res, 307, '', 'text/plain', { Location: '/redirect-loop' });
	default: return send(res, 404, 'no such path', 'text/plain');
	}
}

const server = http.createServer((req, res) => {
	if (req.url.startsWith('/slow/')) { // concurrency is measured on /slow alone
		inflight++;
		if (inflight > maxInflight) maxInflight = inflight;
		let done = false;
		const finish = () => { if (!done) { done = true; inflight--; } };
		res.on('finish', finish);
		res.on('close', finish);
	}
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
});
server.keepAliveTimeout = 2000;
server.listen(0, '127.0.0.1', () => {
	process.stdout.write('PORT ' + server.address().port + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
// a last resort for an orphan: the test closes stdin when it ends, and under
// a loaded CI (sanitizers, two cores) test-http alone ran past 120 s
setTimeout(() => process.exit(1), 30 * 60 * 1000).unref();
