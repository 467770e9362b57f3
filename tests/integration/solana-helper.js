#!/usr/bin/env node
// Helpers for tests/integration/solana-send.sh, on @solana/web3.js and
// @solana/spl-token (the pinned test peers), so the shell test checks
// depinctl's work with Solana's own libraries.
//
//   node solana-helper.js newkey               a fresh wallet address
//   node solana-helper.js pda                  an address off the ed25519 curve
//   node solana-helper.js ata OWNER MINT [2022]  the associated token account
//   node solana-helper.js decode BASE64        a signed transaction: checks its
//       signatures and prints {signers, price, limit, programs} as JSON
//   node solana-helper.js batch N MINT         N lines TO,AMOUNT[,TOKEN] to new
//       wallets, SOL and MINT in turn, the last two lines MINT to one wallet
//   node solana-helper.js check-batch URL FILE DECIMALS [2022]  every recipient
//       of the batch FILE holds exactly what it was sent (exit 1 if not)
'use strict';
const w = require('@solana/web3.js');
const spl = require('@solana/spl-token');

const [cmd, ...args] = process.argv.slice(2);
const COMPUTE_BUDGET = 'ComputeBudget111111111111111111111111111111';

switch (cmd) {
case 'newkey':
	console.log(w.Keypair.generate().publicKey.toBase58());
	break;
case 'pda': {
	const [pda] = w.PublicKey.findProgramAddressSync([Buffer.from('depinctl'), w.Keypair.generate().publicKey.toBuffer()],
		new w.PublicKey('11111111111111111111111111111111'));
	if (w.PublicKey.isOnCurve(pda.toBytes()))
		throw new Error('a PDA on the curve');
	console.log(pda.toBase58());
	break;
}
case 'ata': {
	const program = args[2] === '2022' ? spl.TOKEN_2022_PROGRAM_ID : spl.TOKEN_PROGRAM_ID;
	console.log(spl.getAssociatedTokenAddressSync(new w.PublicKey(args[1]), new w.PublicKey(args[0]), true, program)
		.toBase58());
	break;
}
case 'decode': {
	const tx = w.Transaction.from(Buffer.from(args[0], 'base64'));
	if (!tx.verifySignatures())
		throw new Error('a signature does not verify');
	let price = null, limit = null;
	for (const ix of tx.instructions) {
		if (ix.programId.toBase58() !== COMPUTE_BUDGET)
			continue;
		if (ix.data[0] === 3)
			price = ix.data.readBigUInt64LE(1).toString();
		else if (ix.data[0] === 2)
			limit = ix.data.readUInt32LE(1);
	}
	console.log(JSON.stringify({ signers: tx.signatures.map((s) => s.publicKey.toBase58()), price, limit,
		programs: tx.instructions.map((ix) => ix.programId.toBase58()) }));
	break;
}
case 'batch': {
	const n = Number(args[0]);
	const shared = w.Keypair.generate().publicKey.toBase58();
	for (let i = 0; i < n; i++) {
		const to = i >= n - 2 ? shared : w.Keypair.generate().publicKey.toBase58();
		if (i % 2 === 0 && i < n - 2)
			console.log(`${to},0.00${100 + i}`);
		else
			console.log(`${to},1.${i},${args[1]}`);
	}
	break;
}
case 'check-batch': {
	// check-batch URL FILE DECIMALS [2022]: every recipient holds exactly
	// what the file sends it (recipients are fresh wallets).
	const [url, file, decimals, t22] = args;
	const conn = new w.Connection(url, 'confirmed');
	const program = t22 === '2022' ? spl.TOKEN_2022_PROGRAM_ID : spl.TOKEN_PROGRAM_ID;
	const units = (text, d) => {
		const [i, f = ''] = text.split('.');
		return BigInt(i + f.padEnd(d, '0'));
	};
	const want = new Map();
	for (const line of require('fs').readFileSync(file, 'utf8').split('\n')) {
		if (!line.trim())
			continue;
		const [to, amount, token] = line.split(',');
		const key = `${to},${token || ''}`;
		want.set(key, (want.get(key) || 0n) + units(amount, token ? Number(decimals) : 9));
	}
	(async () => {
		let bad = 0;
		for (const [key, amount] of want) {
			const [to, token] = key.split(',');
			let got;
			if (!token) {
				got = BigInt(await conn.getBalance(new w.PublicKey(to)));
			} else {
				const ata = spl.getAssociatedTokenAddressSync(new w.PublicKey(token), new w.PublicKey(to), true, program);
				got = BigInt((await conn.getTokenAccountBalance(ata)).value.amount);
			}
			if (got !== amount) {
				bad++;
				console.log(`# ${key}: has ${got}, expected ${amount}`);
			}
		}
		console.log(`${want.size - bad} of ${want.size} recipients hold exactly what was sent`);
		process.exit(bad ? 1 : 0);
	})().catch((e) => {
		console.log(`# ${e.message}`);
		process.exit(1);
	});
	break;
}
default:
	process.stderr.write('usage: solana-helper.js newkey | pda | ata OWNER MINT [2022] | decode B64 | batch N MINT | check-batch URL FILE DECIMALS [2022]\n');
	process.exit(2);
}
