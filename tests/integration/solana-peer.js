// Interop peer for the Solana tests: @solana/web3.js (and node's own ed25519)
// as the other implementation.
//   node solana-peer.js pubkey FILE           public key of a solana-keygen file
//   node solana-peer.js new FILE              a new keypair written as solana-keygen does; prints its public key
//   node solana-peer.js verify PUBKEY MSG SIG ed25519 check (exit 0 valid, 1 invalid)
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { Keypair, PublicKey } = require('@solana/web3.js');

const [, , mode, a, b, c] = process.argv;
if (mode === 'pubkey') {
	const bytes = Uint8Array.from(JSON.parse(fs.readFileSync(a, 'utf8')));
	console.log(Keypair.fromSecretKey(bytes).publicKey.toBase58());
} else if (mode === 'new') {
	const kp = Keypair.generate();
	fs.writeFileSync(a, JSON.stringify(Array.from(kp.secretKey)), { mode: 0o600 });
	console.log(kp.publicKey.toBase58());
} else if (mode === 'verify') {
	const pub = new PublicKey(a).toBytes();
	const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(pub)]);
	const key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
	const sig = bs58decode(c);
	process.exit(crypto.verify(null, Buffer.from(b, 'utf8'), key, sig) ? 0 : 1);
} else {
	console.error('usage: solana-peer.js pubkey FILE | new FILE | verify PUBKEY MSG SIG');
	process.exit(2);
}

function bs58decode(s) {
	// PublicKey accepts 32 bytes only; decode the 64-byte signature by hand.
	const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
	let n = 0n;
	for (const ch of s) n = n * 58n + BigInt(alphabet.indexOf(ch));
	let hex = n.toString(16);
	if (hex.length % 2) hex = '0' + hex;
	const lead = s.match(/^1*/)[0].length;
	return Buffer.concat([Buffer.alloc(lead), Buffer.from(hex, 'hex')]);
}
