#!/usr/bin/env node
// The @solana/web3.js side of bench/solana-sign.sh: signs the transfers of a
// batch file (TO,AMOUNT lines, SOL) the way depinctl --sign-only does -
// compute unit limit and price, a System transfer, one recent blockhash -
// and prints each signed transaction in base64.
//   node solana-sign.js URL SECRET_KEY_JSON BATCH_FILE LIMIT PRICE
// Timing on stderr: the whole run and the build+sign+serialize loop alone.
// web3.js 1.x signs with a JavaScript ed25519 and serialize() verifies the
// signature again by default, as most callers leave it.
'use strict';
const t0 = process.hrtime.bigint();
const fs = require('fs');
const w = require('@solana/web3.js');

const [url, keyFile, batch, limit, price] = process.argv.slice(2);
const payer = w.Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(keyFile, 'utf8'))));
const lines = fs.readFileSync(batch, 'utf8').split('\n').filter((l) => l.trim());

(async () => {
	const conn = new w.Connection(url, 'confirmed');
	const { blockhash } = await conn.getLatestBlockhash();
	const t1 = process.hrtime.bigint();
	const out = [];
	for (const line of lines) {
		const [to, amount] = line.split(',');
		const [i, f = ''] = amount.split('.');
		const lamports = BigInt(i + f.padEnd(9, '0'));
		const tx = new w.Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash });
		tx.add(w.ComputeBudgetProgram.setComputeUnitLimit({ units: Number(limit) }));
		if (Number(price) > 0)
			tx.add(w.ComputeBudgetProgram.setComputeUnitPrice({ microLamports: Number(price) }));
		tx.add(w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: new w.PublicKey(to), lamports }));
		tx.sign(payer);
		out.push(tx.serialize().toString('base64'));
	}
	const t2 = process.hrtime.bigint();
	process.stdout.write(out.join('\n') + '\n');
	const ms = (a, b) => Number(b - a) / 1e6;
	process.stderr.write(`web3.js: ${lines.length} signed; sign loop ${ms(t1, t2).toFixed(0)} ms, ` +
		`whole run ${ms(t0, process.hrtime.bigint()).toFixed(0)} ms\n`);
})().catch((e) => {
	process.stderr.write(`${e.stack || e}\n`);
	process.exit(1);
});
