#!/usr/bin/env node
// A test Helium rewards oracle and DAS server for the claim tests, and the
// loader of the Helium accounts they read into the local validator.
//
// Usage: node helium-oracle.js --rpc URL --owner ADDRESS [--hotspots N]
//                              [--oracles K] [--breaker UNITS] [--port N]
// With --rpc, the accounts are laid out with Anchor's coder and
// @helium/idls and loaded through depinctl_setAccount: the lazy distributor
// (at the PDA of HNT's mint, its oracles' URLs pointing here), its escrow
// (an SPL token account) and circuit breaker, one concurrent merkle tree
// (depth 10, canopy 7), Helium's common lookup table, and per hotspot a
// RecipientV0 (every third hotspot has none: the claim creates it; hotspot
// 1 has a custom destination). Hotspot i's asset is Bubblegum's leaf asset
// id of the tree and index i; its entity key is 33 deterministic bytes.
//
// HTTP (all POST, JSON):
//   /oK/v1/sign       {keyToAssetKeys: [...]} -> {oracle, messages: [{serialized,
//                     message, signature}]} as Helium's distributor-oracle answers,
//                     oracle K signing SetCurrentRewardsTransactionV0 (Anchor's
//                     account encoding) with tweetnacl
//   /das              JSON-RPC: searchAssets, getAsset, getAssetBatch,
//                     getAssetProof, getAssetProofBatch (the shapes Helius answers)
//   /control          {mode} switches how the oracles misbehave:
//                     normal | wrong-asset | low-amount | unknown-key |
//                     bad-signature | wrong-ld; {rewardsBump: N} raises every
//                     hotspot's current rewards by N; {breaker: UNITS} sets the
//                     circuit breaker's threshold (absolute, over a day)
//   /state            {hotspots: [{asset, recipient, kta, current, total}], ...}
// The first stdout line is "PORT N".
'use strict';
const http = require('http');
const crypto = require('crypto');
const nacl = require('tweetnacl');
const web3 = require('@solana/web3.js');
const BN = require('bn.js');
const bs58 = (require('bs58').default || require('bs58'));
const { BorshCoder } = require('@coral-xyz/anchor');
const { loadIdl } = require('./anchor-decode.js');

const LD_PROGRAM = new web3.PublicKey('1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w');
const RO_PROGRAM = new web3.PublicKey('rorcfdX4h9m9swCKgcypaHJ8NGYVANBpmV9EHn3cYrF');
const CB_PROGRAM = new web3.PublicKey('circAbx64bbsscPbQzZAUvuXpHqrCe6fLMzc2uKXz9g');
const CMT_PROGRAM = new web3.PublicKey('cmtDvXumGCrqC1Age74AVPhSRVXJMd8PJS91L8KbNCK');
const HEM_PROGRAM = new web3.PublicKey('hemjuPXBpNvggtaUnN1MwT3wrdhttKEfosTcc2P9Pg8');
const HSD_PROGRAM = new web3.PublicKey('hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR');
const BUBBLEGUM = new web3.PublicKey('BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY');
const HNT_MINT = new web3.PublicKey('hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux');
const TOKEN = new web3.PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const ATA = new web3.PublicKey('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');
const LUT_PROGRAM = 'AddressLookupTab1e1111111111111111111111111';
const HELIUM_COMMON_LUT = '43eY9L2spbM2b1MPDFFBStUiFGt29ziZ1nc1xbpzsfVt';
const CREATOR = 'Fv5hf1Fg58htfC7YEXKNEfkpuogUUQDDTLgjGWxxv48H';
const DEPTH = 10, BUFFER = 64, CANOPY = 7;

const args = { hotspots: 10, oracles: 1, port: 0, breaker: '1000000000000000' };
for (let i = 2; i < process.argv.length; i++) {
	const k = process.argv[i].replace(/^--/, '');
	args[k] = process.argv[++i];
}
const N = Number(args.hotspots), K = Number(args.oracles);
const owner = new web3.PublicKey(args.owner);
const seed = (s) => crypto.createHash('sha256').update('helium-oracle ' + s).digest();
const pda = (seeds, program) => web3.PublicKey.findProgramAddressSync(seeds, program)[0];

const ld = loadIdl('lazy_distributor'), cb = loadIdl('circuit_breaker');
const ldCoder = new BorshCoder(ld), cbCoder = new BorshCoder(cb);
const oracles = [...Array(K)].map((_, k) => nacl.sign.keyPair.fromSeed(seed('oracle ' + k)));
const stranger = nacl.sign.keyPair.fromSeed(seed('stranger'));
const ldKey = pda([Buffer.from('lazy_distributor'), HNT_MINT.toBuffer()], LD_PROGRAM);
const dao = pda([Buffer.from('dao'), HNT_MINT.toBuffer()], HSD_PROGRAM);
const escrow = new web3.PublicKey(seed('escrow'));
const breakerKey = pda([Buffer.from('account_windowed_breaker'), escrow.toBuffer()], CB_PROGRAM);
const tree = new web3.PublicKey(seed('tree'));
const destination = new web3.PublicKey(seed('destination'));
let mode = 'normal', bump = 0n;

const hotspots = [...Array(N)].map((_, i) => {
	const idx = Buffer.alloc(8);
	idx.writeBigUInt64LE(BigInt(i));
	const asset = pda([Buffer.from('asset'), tree.toBuffer(), idx], BUBBLEGUM);
	const entityKey = Buffer.concat([Buffer.from([0]), seed('entity ' + i)]);
	const kta = pda([Buffer.from('key_to_asset'), dao.toBuffer(), crypto.createHash('sha256').update(entityKey).digest()], HEM_PROGRAM);
	const recipient = pda([Buffer.from('recipient'), ldKey.toBuffer(), asset.toBuffer()], LD_PROGRAM);
	const exists = i % 3 !== 2;
	const total = exists ? BigInt(1000000 * (i + 1)) : 0n;
	return { i, asset, entityKey, kta, recipient, exists, total, custom: i === 1,
		current: total + BigInt(250000000 + 1000 * i),
		dataHash: seed('data ' + i), creatorHash: seed('creator ' + i),
		proof: [...Array(DEPTH)].map((_, k) => new web3.PublicKey(seed(`proof ${i} ${k}`))) };
});
const byKta = new Map(hotspots.map((h) => [h.kta.toBase58(), h]));
const byAsset = new Map(hotspots.map((h) => [h.asset.toBase58(), h]));
const root = new web3.PublicKey(seed('root'));

async function rpc(method, params) {
	const res = await fetch(args.rpc, { method: 'POST', headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
	const j = await res.json();
	if (j.error)
		throw new Error(method + ': ' + j.error.message);
	return j.result;
}
const setAccount = (pubkey, owner_, data, lamports = 10000000) =>
	rpc('depinctl_setAccount', [{ pubkey: pubkey.toBase58 ? pubkey.toBase58() : pubkey, lamports,
		owner: owner_.toBase58 ? owner_.toBase58() : owner_, data: Buffer.from(data).toString('base64') }]);

async function recipientData(h) {
	return ldCoder.accounts.encode('recipientV0', { lazyDistributor: ldKey, asset: h.asset, totalRewards: new BN(h.total.toString()),
		currentConfigVersion: 0, currentRewards: [...Array(K)].map(() => null), bumpSeed: 255, reserved: new BN(0),
		destination: h.custom ? destination : web3.PublicKey.default });
}

// The escrow's circuit breaker: an absolute threshold over a day.
async function writeBreaker(threshold) {
	await setAccount(breakerKey, CB_PROGRAM, await cbCoder.accounts.encode('accountWindowedCircuitBreakerV0', {
		tokenAccount: escrow, authority: ldKey, owner: ldKey,
		config: { windowSizeSeconds: new BN(86400), thresholdType: { absolute: {} }, threshold: new BN(threshold) },
		lastWindow: { lastAggregatedValue: new BN(0), lastUnixTimestamp: new BN(0) }, bumpSeed: 255 }));
}

async function load(port) {
	await setAccount(ldKey, LD_PROGRAM, await ldCoder.accounts.encode('lazyDistributorV0', {
		version: 0, rewardsMint: HNT_MINT, rewardsEscrow: escrow, authority: new web3.PublicKey(seed('authority')),
		oracles: oracles.map((o, k) => ({ oracle: new web3.PublicKey(o.publicKey), url: `http://127.0.0.1:${port}/o${k}` })),
		bumpSeed: 255, approver: null }));
	const tok = Buffer.alloc(165);
	HNT_MINT.toBuffer().copy(tok, 0);
	ldKey.toBuffer().copy(tok, 32);
	tok.writeBigUInt64LE(10n ** 15n, 64);
	tok[108] = 1;
	await setAccount(escrow, TOKEN, tok);
	await writeBreaker(args.breaker);
	// the concurrent merkle tree: header, tree body, canopy
	const body = 24 + BUFFER * (40 + 32 * DEPTH) + (32 * DEPTH + 40);
	const t = Buffer.alloc(56 + body + 32 * ((1 << (CANOPY + 1)) - 2));
	t[0] = 1; t[1] = 0;
	t.writeUInt32LE(BUFFER, 2);
	t.writeUInt32LE(DEPTH, 6);
	await setAccount(tree, CMT_PROGRAM, t);
	// Helium's common lookup table
	const addrs = [LD_PROGRAM, RO_PROGRAM, CB_PROGRAM, CMT_PROGRAM, ldKey, HNT_MINT, escrow, breakerKey, tree,
		pda([Buffer.from('oracle_signer')], RO_PROGRAM), web3.SystemProgram.programId,
		new web3.PublicKey('Sysvar1nstructions1111111111111111111111111'), TOKEN, ATA];
	const lut = Buffer.alloc(56 + 32 * addrs.length);
	lut.writeUInt32LE(1, 0);
	lut.writeBigUInt64LE(18446744073709551615n, 4);
	addrs.forEach((a, k) => a.toBuffer().copy(lut, 56 + 32 * k));
	await setAccount(HELIUM_COMMON_LUT, LUT_PROGRAM, lut);
	for (const h of hotspots)
		if (h.exists)
			await setAccount(h.recipient, LD_PROGRAM, await recipientData(h), 2000000);
}

function sign(k, kta) {
	const h = byKta.get(kta);
	if (!h)
		return null;
	let key = oracles[k], asset = h.asset, amount = h.current + bump, ldk = ldKey;
	if (mode === 'wrong-asset')
		asset = hotspots[(h.i + 1) % N].asset;
	if (mode === 'low-amount')
		amount = h.total > 0n ? h.total - 1n : 0n;
	if (mode === 'unknown-key')
		key = stranger;
	if (mode === 'wrong-ld')
		ldk = new web3.PublicKey(seed('another ld'));
	const message = { lazyDistributor: ldk, oracleIndex: k, currentRewards: new BN(amount.toString()), asset };
	return (async () => {
		const m = await ldCoder.accounts.encode('setCurrentRewardsTransactionV0', message);
		const sig = Buffer.from(nacl.sign.detached(Uint8Array.from(m), key.secretKey));
		if (mode === 'bad-signature')
			sig[5] ^= 1;
		return { serialized: m.toString('base64'), message: { lazyDistributor: ldk.toBase58(), oracleIndex: k,
			currentRewards: amount.toString(), asset: asset.toBase58() }, signature: sig.toString('base64'),
			oracleKey: new web3.PublicKey(key.publicKey).toBase58() };
	})();
}

function dasAsset(h) {
	return { interface: 'V1_NFT', id: h.asset.toBase58(),
		content: { json_uri: 'https://entities.nft.helium.io/' + bs58.encode(h.entityKey),
			metadata: { name: 'hotspot ' + h.i } },
		compression: { eligible: false, compressed: true, data_hash: new web3.PublicKey(h.dataHash).toBase58(),
			creator_hash: new web3.PublicKey(h.creatorHash).toBase58(), asset_hash: new web3.PublicKey(seed('ah' + h.i)).toBase58(),
			tree: tree.toBase58(), seq: h.i + 1, leaf_id: h.i },
		ownership: { frozen: false, delegated: false, delegate: null, ownership_model: 'single', owner: owner.toBase58() },
		creators: [{ address: CREATOR, share: 100, verified: true }], burnt: false };
}
function dasProof(h) {
	return { root: root.toBase58(), proof: h.proof.map((p) => p.toBase58()), node_index: (1 << DEPTH) + h.i,
		leaf: new web3.PublicKey(seed('leaf ' + h.i)).toBase58(), tree_id: tree.toBase58() };
}

async function das(req) {
	const p = req.params || {};
	switch (req.method) {
	case 'searchAssets': {
		const page = p.page || 1, limit = p.limit || 1000;
		const mine = p.ownerAddress === owner.toBase58() && p.creatorAddress === CREATOR ? hotspots : [];
		const items = mine.slice((page - 1) * limit, page * limit).map(dasAsset);
		return { total: items.length, limit, page, items };
	}
	case 'getAsset': return dasAsset(byAsset.get(p.id));
	case 'getAssetProof': return dasProof(byAsset.get(p.id));
	case 'getAssetBatch': return p.ids.map((id) => (byAsset.has(id) ? dasAsset(byAsset.get(id)) : null));
	case 'getAssetProofBatch': {
		const o = {};
		for (const id of p.ids)
			if (byAsset.has(id))
				o[id] = dasProof(byAsset.get(id));
		return o;
	}
	}
	throw new Error('method not found: ' + req.method);
}

const server = http.createServer((req, res) => {
	let body = '';
	req.on('data', (d) => { body += d; });
	req.on('end', async () => {
		const send = (status, obj) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(obj));
		};
		try {
			const j = body ? JSON.parse(body) : {};
			let m;
			if ((m = /^\/o(\d+)\/v1\/sign$/.exec(req.url))) {
				const k = Number(m[1]);
				if (!Array.isArray(j.keyToAssetKeys))
					return send(400, { error: 'No keyToAssetKeys field' });
				const msgs = [];
				for (const kta of j.keyToAssetKeys) {
					const s = await sign(k, kta);
					if (!s)
						return send(404, { message: 'Key to asset not found' });
					msgs.push(s);
				}
				const key = msgs.length ? msgs[0].oracleKey : new web3.PublicKey(oracles[k].publicKey).toBase58();
				return send(200, { oracle: key, messages: msgs.map(({ oracleKey, ...x }) => x) });
			}
			if (req.url === '/das') {
				const calls = Array.isArray(j) ? j : [j];
				const out = [];
				for (const c of calls) {
					try {
						out.push({ jsonrpc: '2.0', id: c.id, result: await das(c) });
					} catch (e) {
						out.push({ jsonrpc: '2.0', id: c.id, error: { code: -32601, message: e.message } });
					}
				}
				return send(200, Array.isArray(j) ? out : out[0]);
			}
			if (req.url === '/control') {
				if (j.mode)
					mode = j.mode;
				if (j.rewardsBump !== undefined)
					bump = BigInt(j.rewardsBump);
				if (j.breaker !== undefined)
					await writeBreaker(String(j.breaker));
				return send(200, { mode, bump: bump.toString() });
			}
			if (req.url === '/state')
				return send(200, { lazyDistributor: ldKey.toBase58(), escrow: escrow.toBase58(), tree: tree.toBase58(),
					oracles: oracles.map((o) => new web3.PublicKey(o.publicKey).toBase58()), destination: destination.toBase58(),
					hotspots: hotspots.map((h) => ({ asset: h.asset.toBase58(), recipient: h.recipient.toBase58(),
						kta: h.kta.toBase58(), exists: h.exists, custom: h.custom, total: h.total.toString(),
						current: (h.current + bump).toString(), dataHash: new web3.PublicKey(h.dataHash).toBase58(),
						creatorHash: new web3.PublicKey(h.creatorHash).toBase58(), index: h.i,
						proof: h.proof.slice(0, DEPTH - CANOPY).map((x) => x.toBase58()) })) });
			send(404, { error: 'not found' });
		} catch (e) {
			send(500, { error: e.message });
		}
	});
});

server.listen(Number(args.port), '127.0.0.1', async () => {
	const port = server.address().port;
	try {
		if (args.rpc)
			await load(port);
	} catch (e) {
		process.stderr.write('helium-oracle: ' + e.message + '\n');
		process.exit(1);
	}
	process.stdout.write(`PORT ${port}\n`);
});
// exits when its parent closes a pipe on stdin (not for a file or /dev/null)
try {
	if (require('fs').fstatSync(0).isFIFO()) {
		process.stdin.on('end', () => process.exit(0));
		process.stdin.resume();
	}
} catch (e) { /* no stdin */ }
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'])
	process.on(s, () => process.exit(0));
