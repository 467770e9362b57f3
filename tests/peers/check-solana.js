#!/usr/bin/env node
// Proves the local validator (solana-validator.js) with Solana's own clients,
// @solana/web3.js and @solana/spl-token: what they send, it must accept, and
// what it answers, they must read.
//
//   node check-solana.js all URL      the checks against a running validator
//   node check-solana.js restart      starts validators of its own with
//                                     --state and the exitAfterSends fault
//   node check-solana.js rpc URL METHOD [JSON-PARAMS]   one call; prints the
//                                     result as JSON (exit 1 on an error)
//
// Prints one line per check, "ok - NAME" or "not ok - NAME", and "# ..."
// diagnostics; tests/integration/peers.sh numbers them as TAP.
'use strict';

const assert = require('assert');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const w = require('@solana/web3.js');
const spl = require('@solana/spl-token');

let url;
let conn;
let failures = 0;

async function rpc(method, params) {
	const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
	const j = await r.json();
	if (j.error) {
		const e = new Error(j.error.message);
		e.code = j.error.code;
		e.data = j.error.data;
		throw e;
	}
	return j.result;
}

async function rpcError(method, params) {
	try {
		await rpc(method, params);
	} catch (e) {
		return e;
	}
	return null;
}

// check(NAME, FN): FN throws (or rejects) on failure.
async function check(name, fn) {
	try {
		await fn();
		console.log(`ok - ${name}`);
	} catch (e) {
		failures++;
		console.log(`not ok - ${name}`);
		for (const line of String(e && e.stack || e).split('\n').slice(0, 6))
			console.log(`# ${line}`);
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until a signature reaches a commitment level; returns its status, or
// null when it does not within ms.
async function waitStatus(sig, level = 'confirmed', ms = 5000) {
	const order = { processed: 0, confirmed: 1, finalized: 2 };
	const end = Date.now() + ms;
	while (Date.now() < end) {
		const st = (await conn.getSignatureStatuses([sig])).value[0];
		if (st && order[st.confirmationStatus] >= order[level])
			return st;
		await sleep(30);
	}
	return null;
}

async function buildTx(ixs, signers, blockhash) {
	if (!blockhash)
		({ blockhash } = await conn.getLatestBlockhash());
	const tx = new w.Transaction({ feePayer: signers[0].publicKey, recentBlockhash: blockhash }).add(...ixs);
	tx.sign(...signers);
	return tx;
}

// Signs, sends (with preflight) and waits for confirmation.
async function send(ixs, signers, opts = {}) {
	const tx = await buildTx(ixs, signers);
	const sig = await conn.sendRawTransaction(tx.serialize(), { skipPreflight: !!opts.skipPreflight });
	const st = await waitStatus(sig);
	assert(st, `transaction ${sig} did not confirm`);
	if (!opts.mayFail)
		assert.strictEqual(st.err, null, `transaction failed: ${JSON.stringify(st.err)}`);
	return sig;
}

const b64 = (tx) => tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64');
const warp = (slots) => rpc('depinctl_warp', [{ slots }]);

async function checks() {
	const payer = w.Keypair.generate();
	const bob = w.Keypair.generate();
	const SOL = w.LAMPORTS_PER_SOL;

	await check('getVersion and getHealth answer', async () => {
		const v = await conn.getVersion();
		assert.strictEqual(typeof v['solana-core'], 'string');
		assert.strictEqual(await rpc('getHealth', []), 'ok');
	});

	await check('requestAirdrop credits 10 SOL and confirms', async () => {
		const sig = await conn.requestAirdrop(payer.publicKey, 10 * SOL);
		assert(await waitStatus(sig));
		assert.strictEqual(await conn.getBalance(payer.publicKey), 10 * SOL);
	});

	let transferSig;
	await check('a SOL transfer lands; balances and the 5000-lamport fee add up', async () => {
		transferSig = await send([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
			lamports: SOL })], [payer]);
		assert.strictEqual(await conn.getBalance(bob.publicKey), SOL);
		assert.strictEqual(await conn.getBalance(payer.publicKey), 9 * SOL - 5000);
	});

	await check('getSignatureStatuses: processed/confirmed, then finalized with confirmations null', async () => {
		const st = (await conn.getSignatureStatuses([transferSig])).value[0];
		assert(['processed', 'confirmed'].includes(st.confirmationStatus));
		assert.strictEqual(typeof st.confirmations, 'number');
		assert.strictEqual(typeof st.slot, 'number');
		assert.deepStrictEqual(st.status || { Ok: null }, { Ok: null });
		await warp(40);
		const fin = (await conn.getSignatureStatuses([transferSig])).value[0];
		assert.strictEqual(fin.confirmationStatus, 'finalized');
		assert.strictEqual(fin.confirmations, null);
		const unknown = bs58Sig(crypto.randomBytes(64));
		assert.strictEqual((await conn.getSignatureStatuses([unknown])).value[0], null);
	});

	await check('getTransaction: fee, balances, logs, message', async () => {
		const t = await conn.getTransaction(transferSig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
		assert.strictEqual(t.meta.fee, 5000);
		assert.strictEqual(t.meta.err, null);
		assert.strictEqual(t.meta.postBalances[1] - t.meta.preBalances[1], SOL);
		assert(t.meta.logMessages.includes('Program 11111111111111111111111111111111 success'));
		assert.strictEqual(t.transaction.message.accountKeys[0].toBase58(), payer.publicKey.toBase58());
		assert.strictEqual(t.version, 'legacy');
		const parsed = await conn.getParsedTransaction(transferSig, { commitment: 'confirmed' });
		assert.strictEqual(parsed.transaction.message.accountKeys[0].signer, true);
	});

	await check('getSignaturesForAddress: newest first, with slots', async () => {
		const list = await conn.getSignaturesForAddress(payer.publicKey, {}, 'confirmed');
		assert.strictEqual(list.length, 2);
		assert.strictEqual(list[0].signature, transferSig);
		assert(list[0].slot >= list[1].slot);
	});

	// SPL Token: a mint, associated accounts, mint_to and transfer_checked.
	const mint = w.Keypair.generate();
	const decimals = 6;
	const payerAta = spl.getAssociatedTokenAddressSync(mint.publicKey, payer.publicKey);
	const bobAta = spl.getAssociatedTokenAddressSync(mint.publicKey, bob.publicKey);
	let tokenSig;
	await check('SPL Token: create a mint and associated accounts, mint_to_checked', async () => {
		const rent = await spl.getMinimumBalanceForRentExemptMint(conn);
		await send([
			w.SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: mint.publicKey,
				space: spl.MINT_SIZE, lamports: rent, programId: spl.TOKEN_PROGRAM_ID }),
			spl.createInitializeMint2Instruction(mint.publicKey, decimals, payer.publicKey, null),
			spl.createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, payerAta, payer.publicKey, mint.publicKey),
			spl.createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, bobAta, bob.publicKey, mint.publicKey),
			spl.createMintToCheckedInstruction(mint.publicKey, payerAta, payer.publicKey, 1000000000n, decimals),
		], [payer, mint]);
		const m = await spl.getMint(conn, mint.publicKey);
		assert.strictEqual(m.supply, 1000000000n);
		assert.strictEqual(m.decimals, decimals);
	});

	await check('SPL Token: transfer_checked moves 12.5 tokens', async () => {
		tokenSig = await send([spl.createTransferCheckedInstruction(payerAta, mint.publicKey, bobAta, payer.publicKey,
			12500000n, decimals)], [payer]);
		const a = await spl.getAccount(conn, bobAta);
		assert.strictEqual(a.amount, 12500000n);
		assert.strictEqual(a.owner.toBase58(), bob.publicKey.toBase58());
	});

	await check('getTokenAccountsByOwner: base64 accounts that spl-token unpacks', async () => {
		const r = await conn.getTokenAccountsByOwner(payer.publicKey, { mint: mint.publicKey });
		assert.strictEqual(r.value.length, 1);
		assert.strictEqual(r.value[0].pubkey.toBase58(), payerAta.toBase58());
		const acct = spl.unpackAccount(r.value[0].pubkey, r.value[0].account);
		assert.strictEqual(acct.amount, 987500000n);
		const byProgram = await conn.getTokenAccountsByOwner(bob.publicKey, { programId: spl.TOKEN_PROGRAM_ID });
		assert.strictEqual(byProgram.value.length, 1);
	});

	await check('getTokenAccountsByOwner jsonParsed, getTokenAccountBalance, getTokenSupply', async () => {
		const r = await conn.getParsedTokenAccountsByOwner(bob.publicKey, { mint: mint.publicKey });
		const info = r.value[0].account.data.parsed.info;
		assert.strictEqual(r.value[0].account.data.program, 'spl-token');
		assert.strictEqual(info.tokenAmount.uiAmountString, '12.5');
		assert.strictEqual(info.tokenAmount.amount, '12500000');
		assert.strictEqual(info.state, 'initialized');
		const bal = await conn.getTokenAccountBalance(bobAta);
		assert.deepStrictEqual(bal.value, { amount: '12500000', decimals: 6, uiAmount: 12.5, uiAmountString: '12.5' });
		const sup = await conn.getTokenSupply(mint.publicKey);
		assert.strictEqual(sup.value.uiAmountString, '1000');
	});

	await check('getTransaction: pre/postTokenBalances of the transfer', async () => {
		const t = await conn.getTransaction(tokenSig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
		const post = t.meta.postTokenBalances.find((b) => b.owner === bob.publicKey.toBase58());
		assert.strictEqual(post.uiTokenAmount.amount, '12500000');
		assert.strictEqual(post.mint, mint.publicKey.toBase58());
		assert(t.meta.logMessages.includes(`Program ${spl.TOKEN_PROGRAM_ID} success`), t.meta.logMessages.join('|'));
	});

	await check('getProgramAccounts with dataSize and memcmp filters', async () => {
		const r = await conn.getProgramAccounts(spl.TOKEN_PROGRAM_ID, { filters: [{ dataSize: 165 },
			{ memcmp: { offset: 32, bytes: bob.publicKey.toBase58() } }] });
		assert.strictEqual(r.length, 1);
		assert.strictEqual(r[0].pubkey.toBase58(), bobAta.toBase58());
		const none = await conn.getProgramAccounts(spl.TOKEN_PROGRAM_ID, { filters: [{ dataSize: 82 },
			{ memcmp: { offset: 32, bytes: bob.publicKey.toBase58() } }] });
		assert.strictEqual(none.length, 0);
	});

	await check('getMultipleAccounts: found and missing', async () => {
		const r = await conn.getMultipleAccountsInfo([bobAta, w.Keypair.generate().publicKey, mint.publicKey]);
		assert.strictEqual(r[0].data.length, 165);
		assert.strictEqual(r[1], null);
		assert.strictEqual(r[2].owner.toBase58(), spl.TOKEN_PROGRAM_ID.toBase58());
	});

	await check('simulateTransaction: logs and units of a good transfer, unsigned', async () => {
		const tx = new w.Transaction({ feePayer: payer.publicKey, recentBlockhash: (await conn.getLatestBlockhash()).blockhash })
			.add(spl.createTransferCheckedInstruction(payerAta, mint.publicKey, bobAta, payer.publicKey, 1n, decimals));
		const r = await rpc('simulateTransaction', [b64(tx), { encoding: 'base64' }]);
		assert.strictEqual(r.value.err, null);
		assert(r.value.logs.includes(`Program ${spl.TOKEN_PROGRAM_ID} invoke [1]`), r.value.logs.join('|'));
		assert(r.value.logs.some((l) => /^Program \S+ consumed \d+ of \d+ compute units$/.test(l)));
		assert(r.value.unitsConsumed > 0);
	});

	await check('simulateTransaction: a failing transfer shows the error and the program log', async () => {
		const tx = await buildTx([spl.createTransferCheckedInstruction(bobAta, mint.publicKey, payerAta, bob.publicKey,
			99000000n, decimals)], [bob]);
		const r = await conn.simulateTransaction(tx);
		assert.deepStrictEqual(r.value.err, { InstructionError: [0, { Custom: 1 }] });
		assert(r.value.logs.some((l) => /insufficient funds/i.test(l)), r.value.logs.join('|'));
	});

	await check('simulateTransaction replaceRecentBlockhash and accounts', async () => {
		const tx = new w.Transaction({ feePayer: payer.publicKey, recentBlockhash: w.Keypair.generate().publicKey.toBase58() })
			.add(w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey, lamports: 7 }));
		const r = await rpc('simulateTransaction', [b64(tx), { encoding: 'base64', replaceRecentBlockhash: true,
			accounts: { addresses: [bob.publicKey.toBase58()], encoding: 'base64' } }]);
		assert.strictEqual(r.value.err, null);
		assert.strictEqual(r.value.accounts[0].lamports, SOL + 7);
		assert.strictEqual(typeof r.value.replacementBlockhash.blockhash, 'string');
		const bad = await rpc('simulateTransaction', [b64(tx), { encoding: 'base64' }]);
		assert.strictEqual(bad.value.err, 'BlockhashNotFound');
	});

	await check('sendTransaction refuses a bad signature (-32003); skipPreflight drops it', async () => {
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
			lamports: 1000 })], [payer]);
		const raw = tx.serialize();
		raw[1 + 5] ^= 0x40; // a bit of the first signature
		const e = await rpcError('sendTransaction', [raw.toString('base64'), { encoding: 'base64' }]);
		assert(e && e.code === -32003, String(e && e.message));
		const sig = await rpc('sendTransaction', [raw.toString('base64'), { encoding: 'base64', skipPreflight: true }]);
		await warp(3);
		assert.strictEqual((await conn.getSignatureStatuses([sig])).value[0], null);
		assert.strictEqual(await conn.getBalance(bob.publicKey), SOL);
		const simv = await rpcError('simulateTransaction', [raw.toString('base64'), { encoding: 'base64', sigVerify: true }]);
		assert(simv && simv.code === -32003);
	});

	await check('preflight failure answers -32002 with err and logs', async () => {
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: bob.publicKey, toPubkey: payer.publicKey,
			lamports: 50 * SOL })], [bob]);
		const e = await rpcError('sendTransaction', [tx.serialize().toString('base64'), { encoding: 'base64' }]);
		assert(e && e.code === -32002, String(e && e.message));
		assert.match(e.message, /^Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1/);
		assert.deepStrictEqual(e.data.err, { InstructionError: [0, { Custom: 1 }] });
		assert(e.data.logs.some((l) => /insufficient lamports/.test(l)));
		// web3.js reads it as a SendTransactionError with the logs.
		await assert.rejects(conn.sendRawTransaction(tx.serialize()), (err) => err instanceof w.SendTransactionError &&
			/custom program error: 0x1/.test(err.message));
	});

	await check('skipPreflight: a failing transaction lands, charges the fee and reports its error', async () => {
		const before = await conn.getBalance(bob.publicKey);
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: bob.publicKey, toPubkey: payer.publicKey,
			lamports: 50 * SOL })], [bob]);
		const sig = await conn.sendRawTransaction(tx.serialize(), { skipPreflight: true });
		const st = await waitStatus(sig);
		assert.deepStrictEqual(st.err, { InstructionError: [0, { Custom: 1 }] });
		assert.strictEqual(await conn.getBalance(bob.publicKey), before - 5000);
		const again = await rpcError('sendTransaction', [tx.serialize().toString('base64'), { encoding: 'base64' }]);
		assert(again && again.code === -32002 && /already been processed/.test(again.message), String(again && again.message));
	});

	await check('compute budget: priority fee charged, seen by getRecentPrioritizationFees', async () => {
		const sig = await send([w.ComputeBudgetProgram.setComputeUnitLimit({ units: 10000 }),
			w.ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 250000 }),
			w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey, lamports: 1 })], [payer]);
		const t = await conn.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
		assert.strictEqual(t.meta.fee, 5000 + 2500);
		const fees = await conn.getRecentPrioritizationFees({ lockedWritableAccounts: [payer.publicKey] });
		assert(fees.some((f) => f.slot === t.slot && f.prioritizationFee === 250000), JSON.stringify(fees.slice(-3)));
		const msg = (await buildTx([w.ComputeBudgetProgram.setComputeUnitLimit({ units: 10000 }),
			w.ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 250000 }),
			w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey, lamports: 1 })], [payer])).compileMessage();
		assert.strictEqual((await conn.getFeeForMessage(msg)).value, 7500);
	});

	await check('Ed25519 precompile: a valid signature passes, a bad one fails', async () => {
		const signer = w.Keypair.generate();
		const message = Buffer.from('depinctl');
		const good = w.Ed25519Program.createInstructionWithPrivateKey({ privateKey: signer.secretKey, message });
		await send([good], [payer]);
		const bad = w.Ed25519Program.createInstructionWithPrivateKey({ privateKey: signer.secretKey, message });
		bad.data[bad.data.length - 1] ^= 1; // the message
		const tx = await buildTx([bad], [payer]);
		const r = await conn.simulateTransaction(tx);
		assert.notStrictEqual(r.value.err, null);
	});

	let votePubkey;
	await check('Vote program: create a vote account; getVoteAccounts lists it', async () => {
		const node = w.Keypair.generate(), vote = w.Keypair.generate();
		const lamports = await conn.getMinimumBalanceForRentExemption(w.VoteProgram.space);
		const t = w.VoteProgram.createAccount({ fromPubkey: payer.publicKey, votePubkey: vote.publicKey,
			voteInit: new w.VoteInit(node.publicKey, payer.publicKey, payer.publicKey, 5), lamports });
		await send(t.instructions, [payer, vote, node]);
		votePubkey = vote.publicKey;
		const va = await conn.getVoteAccounts();
		const mine = va.current.find((v) => v.votePubkey === vote.publicKey.toBase58());
		assert(mine);
		assert.strictEqual(mine.nodePubkey, node.publicKey.toBase58());
		assert.strictEqual(mine.commission, 5);
	});

	await check('Stake program: create + initialize, then delegate (jsonParsed)', async () => {
		const stake = w.Keypair.generate();
		const rent = await conn.getMinimumBalanceForRentExemption(w.StakeProgram.space);
		const min = (await rpc('getStakeMinimumDelegation', [])).value;
		const create = w.StakeProgram.createAccount({ fromPubkey: payer.publicKey, stakePubkey: stake.publicKey,
			authorized: new w.Authorized(payer.publicKey, payer.publicKey), lamports: rent + min });
		await send(create.instructions, [payer, stake]);
		let info = await conn.getParsedAccountInfo(stake.publicKey);
		assert.strictEqual(info.value.data.program, 'stake');
		assert.strictEqual(info.value.data.parsed.type, 'initialized');
		assert.strictEqual(info.value.data.parsed.info.meta.authorized.staker, payer.publicKey.toBase58());
		assert.strictEqual(info.value.data.parsed.info.meta.rentExemptReserve, String(rent));
		const del = w.StakeProgram.delegate({ stakePubkey: stake.publicKey, authorizedPubkey: payer.publicKey, votePubkey });
		await send(del.instructions, [payer]);
		info = await conn.getParsedAccountInfo(stake.publicKey);
		const d = info.value.data.parsed;
		assert.strictEqual(d.type, 'delegated');
		assert.strictEqual(d.info.stake.delegation.voter, votePubkey.toBase58());
		assert.strictEqual(d.info.stake.delegation.stake, String(min));
		const epoch = (await conn.getEpochInfo()).epoch;
		assert.strictEqual(d.info.stake.delegation.activationEpoch, String(epoch));
		const va = await conn.getVoteAccounts();
		assert.strictEqual(va.current.find((v) => v.votePubkey === votePubkey.toBase58()).activatedStake, min);
	});

	await check('blockhashes expire after 150 blocks', async () => {
		// Slots move on a timer: bracket the blockhash between two heights.
		const h1 = await conn.getBlockHeight();
		const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash();
		const h2 = await conn.getBlockHeight();
		assert(lastValidBlockHeight >= h1 + 150 && lastValidBlockHeight <= h2 + 150,
			`last valid height ${lastValidBlockHeight} is not 150 past the height (${h1}..${h2})`);
		assert.strictEqual((await conn.isBlockhashValid(blockhash)).value, true);
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
			lamports: 3 })], [payer], blockhash);
		await warp(100);
		assert.strictEqual((await conn.isBlockhashValid(blockhash)).value, true, 'still valid after 100 blocks');
		await warp(51);
		assert.strictEqual((await conn.isBlockhashValid(blockhash)).value, false);
		const e = await rpcError('sendTransaction', [tx.serialize().toString('base64'), { encoding: 'base64' }]);
		assert(e && e.code === -32002 && e.data.err === 'BlockhashNotFound', String(e && e.message));
	});

	await check('fault dropSends: the signature is answered, the transaction never lands; a rebroadcast does', async () => {
		await rpc('depinctl_fault', [{ dropSends: 1 }]);
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
			lamports: 11 })], [payer]);
		const sig = await conn.sendRawTransaction(tx.serialize());
		await warp(2);
		assert.strictEqual((await conn.getSignatureStatuses([sig])).value[0], null);
		assert.strictEqual(await conn.sendRawTransaction(tx.serialize()), sig);
		assert(await waitStatus(sig));
		const stats = await rpc('depinctl_stats', []);
		assert.strictEqual(stats.sendsBySignature[sig], 2);
		assert(stats.dropped.includes(sig));
	});

	await check('fault holdSends: the transaction lands holdSlots later', async () => {
		await rpc('depinctl_fault', [{ holdSends: 1, holdSlots: 5 }]);
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
			lamports: 13 })], [payer]);
		const sig = await conn.sendRawTransaction(tx.serialize());
		await warp(2);
		assert.strictEqual((await conn.getSignatureStatuses([sig])).value[0], null);
		await warp(3);
		assert((await conn.getSignatureStatuses([sig])).value[0]);
	});

	await check('faults failSends and httpErrors', async () => {
		await rpc('depinctl_fault', [{ failSends: 1 }]);
		const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
			lamports: 17 })], [payer]);
		const e = await rpcError('sendTransaction', [tx.serialize().toString('base64'), { encoding: 'base64' }]);
		assert(e && e.code === -32005);
		await rpc('depinctl_fault', [{ httpErrors: 1 }]);
		const r = await fetch(url, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"getSlot"}' });
		assert.strictEqual(r.status, 503);
		assert.strictEqual(typeof await conn.getSlot(), 'number');
	});

	await check('getTransaction: commitment rules and v0 transactions need maxSupportedTransactionVersion', async () => {
		const msg = new w.TransactionMessage({ payerKey: payer.publicKey, recentBlockhash: (await conn.getLatestBlockhash()).blockhash,
			instructions: [w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey, lamports: 19 })] })
			.compileToV0Message();
		const vtx = new w.VersionedTransaction(msg);
		vtx.sign([payer]);
		const sig = await conn.sendTransaction(vtx);
		assert(await waitStatus(sig, 'processed'));
		const p = await rpcError('getTransaction', [sig, { commitment: 'processed' }]);
		assert(p && p.code === -32602);
		assert.strictEqual(await rpc('getTransaction', [sig, { commitment: 'finalized', maxSupportedTransactionVersion: 0 }]), null);
		await warp(1);
		const e = await rpcError('getTransaction', [sig, { commitment: 'confirmed' }]);
		assert(e && e.code === -32015, String(e && e.message));
		const t = await conn.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
		assert.strictEqual(t.version, 0);
		assert.deepStrictEqual(t.meta.loadedAddresses, { writable: [], readonly: [] });
	});

	await check('test helpers: depinctl_setAccount, createMint, mintTo', async () => {
		const k = w.Keypair.generate().publicKey;
		await rpc('depinctl_setAccount', [{ pubkey: k.toBase58(), lamports: 12345, owner: spl.TOKEN_PROGRAM_ID.toBase58(),
			data: Buffer.from('hello').toString('base64') }]);
		const a = await conn.getAccountInfo(k);
		assert.strictEqual(a.lamports, 12345);
		assert.strictEqual(a.data.toString(), 'hello');
		const { mint: m } = await rpc('depinctl_createMint', [{ decimals: 8, mintAuthority: payer.publicKey.toBase58() }]);
		const { account } = await rpc('depinctl_mintTo', [{ mint: m, owner: bob.publicKey.toBase58(), amount: '500000000' }]);
		assert.strictEqual(account, spl.getAssociatedTokenAddressSync(new w.PublicKey(m), bob.publicKey).toBase58());
		const acct = await spl.getAccount(conn, new w.PublicKey(account));
		assert.strictEqual(acct.amount, 500000000n);
		assert.strictEqual((await spl.getMint(conn, new w.PublicKey(m))).supply, 500000000n);
		// The real token program accepts what the helpers wrote.
		const dest = spl.getAssociatedTokenAddressSync(new w.PublicKey(m), payer.publicKey);
		await send([spl.createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, dest, payer.publicKey, new w.PublicKey(m)),
			spl.createTransferCheckedInstruction(new w.PublicKey(account), new w.PublicKey(m), dest, bob.publicKey, 1n, 8)],
		[payer, bob]);
		assert.strictEqual((await spl.getAccount(conn, dest)).amount, 1n);
	});

	await check('JSON-RPC: batches, unknown methods, bad params, parse errors', async () => {
		const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([
			{ jsonrpc: '2.0', id: 1, method: 'getSlot' }, { jsonrpc: '2.0', id: 2, method: 'noSuchMethod' },
			{ jsonrpc: '2.0', id: 3, method: 'getBalance', params: ['not a key'] }, { jsonrpc: '2.0', method: 'getSlot' }]) });
		const j = await r.json();
		assert.strictEqual(j.length, 3);
		assert.strictEqual(typeof j[0].result, 'number');
		assert.strictEqual(j[1].error.code, -32601);
		assert.strictEqual(j[2].error.code, -32602);
		const p = await (await fetch(url, { method: 'POST', body: '{"jsonrpc":' })).json();
		assert.strictEqual(p.error.code, -32700);
		const inv = await (await fetch(url, { method: 'POST', body: '{"id":4}' })).json();
		assert.strictEqual(inv.error.code, -32600);
	});
}

function bs58Sig(bytes) {
	const A = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
	let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
	let s = '';
	while (n > 0n) {
		s = A[Number(n % 58n)] + s;
		n /= 58n;
	}
	for (const b of bytes) {
		if (b)
			break;
		s = '1' + s;
	}
	return s;
}

// Starts a validator of our own; resolves to {child, url}.
function startValidator(args) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(__dirname, 'solana-validator.js'), '--port', '0', ...args],
			{ stdio: ['pipe', 'pipe', 'inherit'] });
		let buf = '';
		const timer = setTimeout(() => reject(new Error('the validator did not start')), 15000);
		child.stdout.on('data', (c) => {
			buf += c;
			const m = /^listening (\d+)\n/.exec(buf);
			if (m) {
				clearTimeout(timer);
				resolve({ child, url: `http://127.0.0.1:${m[1]}` });
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the validator exited (${code})`));
		});
	});
}

const exited = (child) => new Promise((resolve) => {
	if (child.exitCode !== null)
		resolve(child.exitCode);
	else
		child.on('exit', (code) => resolve(code));
});

async function restartChecks() {
	const os = require('os');
	const fs = require('fs');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depinctl-validator-'));
	const state = path.join(dir, 'chain');
	const payer = w.Keypair.generate(), bob = w.Keypair.generate();
	let v;
	try {
		await check('a validator with --state exits after sendTransaction (exitAfterSends) and goes on after a restart', async () => {
			v = await startValidator(['--state', state, '--slot-ms', '20']);
			url = v.url;
			conn = new w.Connection(url, 'confirmed');
			assert(await waitStatus(await conn.requestAirdrop(payer.publicKey, 2 * w.LAMPORTS_PER_SOL)));
			await rpc('depinctl_fault', [{ exitAfterSends: 1 }]);
			const lost = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
				lamports: w.LAMPORTS_PER_SOL })], [payer]);
			const sig = await conn.sendRawTransaction(lost.serialize());
			assert.strictEqual(await exited(v.child), 0);
			v = await startValidator(['--state', state, '--slot-ms', '20']);
			url = v.url;
			conn = new w.Connection(url, 'confirmed');
			assert.strictEqual(await conn.getBalance(payer.publicKey), 2 * w.LAMPORTS_PER_SOL);
			assert.strictEqual((await conn.getSignatureStatuses([sig])).value[0], null, 'the lost transaction is unknown');
			// Its blockhash survived the restart: a rebroadcast lands.
			assert.strictEqual(await conn.sendRawTransaction(lost.serialize()), sig);
			assert(await waitStatus(sig));
			assert.strictEqual(await conn.getBalance(bob.publicKey), w.LAMPORTS_PER_SOL);
		});
		await check('exitLanded: the transaction landed before the exit', async () => {
			await rpc('depinctl_fault', [{ exitAfterSends: 1, exitLanded: true }]);
			const tx = await buildTx([w.SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey,
				lamports: 1000 })], [payer]);
			const sig = await conn.sendRawTransaction(tx.serialize());
			assert.strictEqual(await exited(v.child), 0);
			v = await startValidator(['--state', state, '--slot-ms', '20']);
			url = v.url;
			conn = new w.Connection(url, 'confirmed');
			assert(await waitStatus(sig));
			assert.strictEqual(await conn.getBalance(bob.publicKey), w.LAMPORTS_PER_SOL + 1000);
			const list = await conn.getSignaturesForAddress(bob.publicKey, {}, 'confirmed');
			assert.strictEqual(list.length, 2);
		});
		await check('the validator exits when its stdin closes', async () => {
			v.child.stdin.end();
			assert.strictEqual(await exited(v.child), 0);
		});
	} finally {
		if (v && v.child.exitCode === null)
			v.child.kill('SIGTERM');
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function main() {
	const [mode, u, method, params] = process.argv.slice(2);
	if (mode === 'rpc') {
		url = u;
		try {
			console.log(JSON.stringify(await rpc(method, params ? JSON.parse(params) : [])));
		} catch (e) {
			console.error(`${e.code}: ${e.message}`);
			process.exit(1);
		}
		return;
	}
	if (mode === 'all') {
		url = u;
		conn = new w.Connection(url, { commitment: 'confirmed', disableRetryOnRateLimit: true });
		await checks();
	} else if (mode === 'restart') {
		await restartChecks();
	} else {
		console.error('usage: check-solana.js all URL | restart | rpc URL METHOD [JSON-PARAMS]');
		process.exit(2);
	}
	console.log(`# ${failures} failed`);
}

main().catch((e) => {
	console.log(`not ok - the checks ran to the end: ${e && e.message}`);
	process.exit(1);
});
