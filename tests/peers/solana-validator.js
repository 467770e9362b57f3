#!/usr/bin/env node
// A local Solana JSON-RPC validator for depinctl's integration tests.
//
// Transactions run in LiteSVM (npm litesvm): the real System, Vote, Stake,
// Compute Budget, SPL Token, Token-2022, Associated Token Account and Memo
// programs, the Ed25519 precompile, and real signature checks. This file adds
// what LiteSVM leaves to a validator: slots and block heights, a blockhash
// queue (a blockhash is valid for 150 blocks), commitment levels (processed,
// then confirmed one slot later, finalized 32 slots later), a transaction
// history, and the standard JSON-RPC methods with the standard shapes, so that
// a test passing here would pass against solana-test-validator.
//
// Usage: node solana-validator.js [options]
//   --port N             TCP port on 127.0.0.1 (0, the default: a free one)
//   --slot-ms N          milliseconds per slot (default 100; 0: slots move only
//                        through depinctl_warp)
//   --slots-per-epoch N  epoch length (default 432000, no warm-up)
//   --state FILE         load the chain from FILE (and FILE.json) if present,
//                        save it there on exit, so a restarted peer goes on
//   --drop-sends N       the fault switches of depinctl_fault, from the start:
//   --hold-sends N --hold-slots K --fail-sends N --http-errors N
//   --exit-after-sends N [--exit-landed]
//   --verbose            log each request to stderr
//
// The first line on stdout is "listening PORT". The peer exits cleanly on
// SIGTERM, SIGINT or SIGHUP, when stdin is a pipe and reaches end-of-file, and
// when its parent process dies.
//
// Standard methods: getAccountInfo getBalance getBlockHeight getBlockTime
// getClusterNodes getEpochInfo getEpochSchedule getFeeForMessage
// getFirstAvailableBlock getGenesisHash getHealth getIdentity
// getInflationReward getLatestBlockhash getMinimumBalanceForRentExemption
// getMultipleAccounts getProgramAccounts getRecentPrioritizationFees
// getSignatureStatuses getSignaturesForAddress getSlot getSlotLeader
// getStakeMinimumDelegation getTokenAccountBalance getTokenAccountsByOwner
// getTokenLargestAccounts getTokenSupply getTransaction getTransactionCount
// getVersion getVoteAccounts isBlockhashValid minimumLedgerSlot requestAirdrop
// sendTransaction simulateTransaction. GET /health answers "ok".
//
// Test-only methods (never on a real cluster):
//   depinctl_setAccount {pubkey, lamports, owner?, data? (base64), executable?}
//   depinctl_createMint {decimals, mintAuthority, freezeAuthority?, supply?,
//                        mint?, programId?}                  -> {mint}
//   depinctl_mintTo {mint, owner, amount, account?}          -> {account}
//                        (account defaults to the owner's associated account)
//   depinctl_createVoteAccount {commission?}                 -> {votePubkey, nodePubkey}
//   depinctl_warp {slots} | {epochs} | {slot}                -> {slot, blockHeight, epoch}
//   depinctl_heliumClaims                -> [{signature, slot, recipient, asset, amount, destination}]
//                        (Helium claim transactions are checked, not executed:
//                        see "Helium's claim programs" below)
//   depinctl_fault {dropSends, holdSends, holdSlots, failSends, httpErrors,
//                   delayMs, unhealthy, exitAfterSends, exitLanded, reset}
//       dropSends N   the next N sendTransaction calls answer a signature but
//                     the transaction never lands (lost on the way to a leader)
//       holdSends N   the next N sent transactions land only holdSlots slots
//       holdSlots K   later (if their blockhash is still valid then)
//       failSends N   the next N sendTransaction calls answer error -32005
//       httpErrors N  the next N HTTP requests answer 503
//       delayMs N     every answer waits N ms
//       unhealthy     getHealth and sendTransaction answer -32005
//       exitAfterSends N   the Nth next sendTransaction is answered, then the
//                     peer exits (with --state, the chain is saved first;
//                     exitLanded: that transaction landed before the exit)
//   depinctl_setPrioritizationFees {fees: [microLamports, ...]} the most
//       recent slots' fees in getRecentPrioritizationFees (newest first)
//   depinctl_stats -> {sends, sendsBySignature, dropped, held, landed, requests}
//
// Known differences from a real validator: every commitment level reads the
// latest state (a finalized read does not lag 32 slots behind), there are no
// blocks (getBlock), no websocket subscriptions, and jsonParsed decodes SPL
// Token and Stake accounts only (instructions stay partially decoded).
'use strict';

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { LiteSVM, FailedTransactionMetadata, EpochSchedule } = require('litesvm');
// @solana/kit is litesvm's own dependency: resolve it from there.
const kit = require(require.resolve('@solana/kit', { paths: [path.dirname(require.resolve('litesvm'))] }));
const web3 = require('@solana/web3.js');

// ---------------------------------------------------------------------------
// Constants

const VERSION = '4.3.0'; // the agave runtime crates litesvm 1.5.0 is built on
const FEATURE_SET = crypto.createHash('sha256').update('litesvm 1.5.0').digest().readUInt32LE(0);
const LAMPORTS_PER_SIGNATURE = 5000n;
const MAX_PROCESSING_AGE = 150; // blocks a blockhash stays valid
const FINALITY_DEPTH = 32; // slots from processed to finalized (rooted)
const U64_MAX = 18446744073709551615n;
const MAX_BASE58_DATA = 128;

const SYSTEM = '11111111111111111111111111111111';
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const TOKEN_2022 = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const ATA = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
const STAKE = 'Stake11111111111111111111111111111111111111';
const VOTE = 'Vote111111111111111111111111111111111111111';
const COMPUTE_BUDGET = 'ComputeBudget111111111111111111111111111111';
const MEMO_V1 = 'Memo1UhkJRfHyvLMcVucJwxXeuD728EmVDDwgDp7z9Gz';
const MEMO_V2 = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const PRECOMPILES = new Set([
	'Ed25519SigVerify111111111111111111111111111',
	'KeccakSecp256k11111111111111111111111111111',
	'Secp256r1SigVerify1111111111111111111111111',
]);

// LiteSVM's error enums, in their numeric order (litesvm/dist/internal.d.ts).
const TX_ERRORS = ['AccountInUse', 'AccountLoadedTwice', 'AccountNotFound', 'ProgramAccountNotFound',
	'InsufficientFundsForFee', 'InvalidAccountForFee', 'AlreadyProcessed', 'BlockhashNotFound',
	'CallChainTooDeep', 'MissingSignatureForFee', 'InvalidAccountIndex', 'SignatureFailure',
	'InvalidProgramForExecution', 'SanitizeFailure', 'ClusterMaintenance', 'AccountBorrowOutstanding',
	'WouldExceedMaxBlockCostLimit', 'UnsupportedVersion', 'InvalidWritableAccount',
	'WouldExceedMaxAccountCostLimit', 'WouldExceedAccountDataBlockLimit', 'TooManyAccountLocks',
	'AddressLookupTableNotFound', 'InvalidAddressLookupTableOwner', 'InvalidAddressLookupTableData',
	'InvalidAddressLookupTableIndex', 'InvalidRentPayingAccount', 'WouldExceedMaxVoteCostLimit',
	'WouldExceedAccountDataTotalLimit', 'MaxLoadedAccountsDataSizeExceeded', 'ResanitizationNeeded',
	'InvalidLoadedAccountsDataSizeLimit', 'UnbalancedTransaction', 'ProgramCacheHitMaxLimit',
	'CommitCancelled'];
const IX_ERRORS = ['GenericError', 'InvalidArgument', 'InvalidInstructionData', 'InvalidAccountData',
	'AccountDataTooSmall', 'InsufficientFunds', 'IncorrectProgramId', 'MissingRequiredSignature',
	'AccountAlreadyInitialized', 'UninitializedAccount', 'UnbalancedInstruction', 'ModifiedProgramId',
	'ExternalAccountLamportSpend', 'ExternalAccountDataModified', 'ReadonlyLamportChange',
	'ReadonlyDataModified', 'DuplicateAccountIndex', 'ExecutableModified', 'RentEpochModified',
	'NotEnoughAccountKeys', 'AccountDataSizeChanged', 'AccountNotExecutable', 'AccountBorrowFailed',
	'AccountBorrowOutstanding', 'DuplicateAccountOutOfSync', 'InvalidError', 'ExecutableDataModified',
	'ExecutableLamportChange', 'ExecutableAccountNotRentExempt', 'UnsupportedProgramId', 'CallDepth',
	'MissingAccount', 'ReentrancyNotAllowed', 'MaxSeedLengthExceeded', 'InvalidSeeds', 'InvalidRealloc',
	'ComputationalBudgetExceeded', 'PrivilegeEscalation', 'ProgramEnvironmentSetupFailure',
	'ProgramFailedToComplete', 'ProgramFailedToCompile', 'Immutable', 'IncorrectAuthority',
	'AccountNotRentExempt', 'InvalidAccountOwner', 'ArithmeticOverflow', 'UnsupportedSysvar',
	'IllegalOwner', 'MaxAccountsDataAllocationsExceeded', 'MaxAccountsExceeded',
	'MaxInstructionTraceLengthExceeded', 'BuiltinProgramsMustConsumeComputeUnits', 'BorshIoError'];
// Display strings of the common errors, as the validator words them in
// "Transaction simulation failed: ..." (anything else shows its name).
const TX_ERROR_TEXT = {
	AccountNotFound: 'Attempt to debit an account but found no record of a prior credit.',
	AlreadyProcessed: 'This transaction has already been processed',
	BlockhashNotFound: 'Blockhash not found',
	InsufficientFundsForFee: 'Insufficient funds for fee',
	SignatureFailure: 'Transaction did not pass signature verification',
	ProgramAccountNotFound: 'Attempt to load a program that does not exist',
	SanitizeFailure: 'Transaction failed to sanitize accounts offsets correctly',
};
const IX_ERROR_TEXT = {
	GenericError: 'generic instruction error',
	InvalidArgument: 'invalid program argument',
	InvalidInstructionData: 'invalid instruction data',
	InvalidAccountData: 'invalid account data for instruction',
	AccountDataTooSmall: 'account data too small for instruction',
	InsufficientFunds: 'insufficient funds for instruction',
	IncorrectProgramId: 'incorrect program id for instruction',
	MissingRequiredSignature: 'missing required signature for instruction',
	AccountAlreadyInitialized: 'instruction requires an uninitialized account',
	UninitializedAccount: 'instruction requires an initialized account',
	InvalidAccountOwner: 'Invalid account owner',
	ComputationalBudgetExceeded: 'Computational budget exceeded',
};

// ---------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
	const o = { port: 0, slotMs: 100, slotsPerEpoch: 432000, state: null, verbose: false, faults: {} };
	const num = (i) => {
		const v = Number(argv[i]);
		if (!Number.isInteger(v) || v < 0)
			usage(`${argv[i - 1]} needs a whole number`);
		return v;
	};
	for (let i = 0; i < argv.length; i++) {
		switch (argv[i]) {
		case '--port': o.port = num(++i); break;
		case '--slot-ms': o.slotMs = num(++i); break;
		case '--slots-per-epoch': o.slotsPerEpoch = Math.max(32, num(++i)); break;
		case '--state': o.state = argv[++i]; break;
		case '--verbose': o.verbose = true; break;
		case '--drop-sends': o.faults.dropSends = num(++i); break;
		case '--hold-sends': o.faults.holdSends = num(++i); break;
		case '--hold-slots': o.faults.holdSlots = num(++i); break;
		case '--fail-sends': o.faults.failSends = num(++i); break;
		case '--http-errors': o.faults.httpErrors = num(++i); break;
		case '--exit-after-sends': o.faults.exitAfterSends = num(++i); break;
		case '--exit-landed': o.faults.exitLanded = true; break;
		case '-h': case '--help': usage(null); break;
		default: usage(`unknown option '${argv[i]}'`);
		}
	}
	if (!o.state && argv.includes('--state'))
		usage('--state needs a file name');
	return o;
}

function usage(msg) {
	if (msg)
		process.stderr.write(`solana-validator: ${msg}\n`);
	process.stderr.write('usage: node solana-validator.js [--port N] [--slot-ms N] [--slots-per-epoch N] [--state FILE]\n' +
		'       [--drop-sends N] [--hold-sends N --hold-slots K] [--fail-sends N] [--http-errors N]\n' +
		'       [--exit-after-sends N [--exit-landed]] [--verbose]\n');
	process.exit(msg ? 2 : 0);
}

// ---------------------------------------------------------------------------
// Encodings: base58, base64, JSON with u64 values

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_INDEX = Object.fromEntries([...B58].map((c, i) => [c, BigInt(i)]));

function b58encode(bytes) {
	let n = 0n;
	for (const b of bytes)
		n = (n << 8n) | BigInt(b);
	let s = '';
	while (n > 0n) {
		s = B58[Number(n % 58n)] + s;
		n /= 58n;
	}
	for (const b of bytes) {
		if (b !== 0)
			break;
		s = '1' + s;
	}
	return s;
}

// Returns a Buffer, or null when str is not base58.
function b58decode(str) {
	if (typeof str !== 'string')
		return null;
	let n = 0n;
	for (const c of str) {
		const v = B58_INDEX[c];
		if (v === undefined)
			return null;
		n = n * 58n + v;
	}
	const out = [];
	while (n > 0n) {
		out.unshift(Number(n & 0xffn));
		n >>= 8n;
	}
	for (const c of str) {
		if (c !== '1')
			break;
		out.unshift(0);
	}
	return Buffer.from(out);
}

// JSON text of v, writing BigInt values as plain integers (u64 lamports and
// rentEpoch exceed 2^53, and the validator writes them as JSON numbers).
function toJson(v) {
	if (v === null || v === undefined)
		return 'null';
	switch (typeof v) {
	case 'bigint': return v.toString();
	case 'number': return Number.isFinite(v) ? JSON.stringify(v) : 'null';
	case 'boolean': return v ? 'true' : 'false';
	case 'string': return JSON.stringify(v);
	}
	if (Array.isArray(v))
		return '[' + v.map(toJson).join(',') + ']';
	return '{' + Object.keys(v).filter((k) => v[k] !== undefined)
		.map((k) => JSON.stringify(k) + ':' + toJson(v[k])).join(',') + '}';
}

// ---------------------------------------------------------------------------
// JSON-RPC errors and parameter checks

class RpcError extends Error {
	constructor(code, message, data) {
		super(message);
		this.code = code;
		this.data = data;
	}
}
const invalidParams = (msg) => new RpcError(-32602, msg);

function pubkeyParam(v) {
	const b = b58decode(v);
	if (!b || b.length !== 32)
		throw invalidParams('Invalid param: Invalid');
	return v;
}

function configParam(v) {
	if (v === undefined || v === null)
		return {};
	if (typeof v === 'string') // the old form: a bare commitment or encoding
		return { commitment: v, encoding: v };
	if (typeof v !== 'object' || Array.isArray(v))
		throw invalidParams('Invalid params: invalid type: expected a configuration object.');
	return v;
}

function u64Param(v, what) {
	if (typeof v === 'number' && Number.isInteger(v) && v >= 0)
		return BigInt(v);
	if (typeof v === 'string' && /^[0-9]+$/.test(v) && BigInt(v) <= U64_MAX)
		return BigInt(v);
	throw invalidParams(`Invalid params: ${what} must be an unsigned integer.`);
}

function usizeParam(v, what) {
	if (typeof v === 'number' && Number.isInteger(v) && v >= 0)
		return v;
	throw invalidParams(`Invalid params: ${what} must be an unsigned integer.`);
}

function commitmentParam(cfg) {
	const c = cfg.commitment === undefined ? 'finalized' : cfg.commitment;
	// Old names still accepted by the validator.
	const map = { processed: 'processed', confirmed: 'confirmed', finalized: 'finalized',
		recent: 'processed', single: 'confirmed', singleGossip: 'confirmed', root: 'finalized', max: 'finalized' };
	if (!(c in map))
		throw invalidParams(`Invalid params: unknown variant \`${c}\`.`);
	return map[c];
}

// ---------------------------------------------------------------------------
// Transactions: the wire format (shortvec lengths, legacy and v0 messages)

function readShortVec(buf, pos) {
	let len = 0;
	for (let size = 0; ; size++) {
		if (pos >= buf.length || size > 2)
			throw new Error('bad length');
		const b = buf[pos++];
		len |= (b & 0x7f) << (size * 7);
		if (!(b & 0x80))
			return [len, pos];
	}
}

function take(buf, pos, n) {
	if (pos + n > buf.length)
		throw new Error('truncated');
	return buf.subarray(pos, pos + n);
}

// Decodes a message; offsets are relative to the buffer given.
function parseMessage(buf, p) {
	const m = { version: 'legacy', start: p };
	if (take(buf, p, 1)[0] & 0x80) {
		m.version = buf[p] & 0x7f;
		if (m.version !== 0)
			throw new Error(`unsupported transaction version ${m.version}`);
		p++;
	}
	const h = take(buf, p, 3);
	m.header = { numRequiredSignatures: h[0], numReadonlySignedAccounts: h[1], numReadonlyUnsignedAccounts: h[2] };
	p += 3;
	let n;
	[n, p] = readShortVec(buf, p);
	m.keys = [];
	for (let i = 0; i < n; i++, p += 32)
		m.keys.push(b58encode(take(buf, p, 32)));
	m.blockhashOffset = p;
	m.blockhash = b58encode(take(buf, p, 32));
	p += 32;
	[n, p] = readShortVec(buf, p);
	m.instructions = [];
	for (let i = 0; i < n; i++) {
		const programIdIndex = take(buf, p, 1)[0];
		let na, nd;
		[na, p] = readShortVec(buf, p + 1);
		const accounts = [...take(buf, p, na)];
		[nd, p] = readShortVec(buf, p + na);
		const data = Buffer.from(take(buf, p, nd));
		p += nd;
		m.instructions.push({ programIdIndex, accounts, data });
	}
	m.lookups = [];
	if (m.version === 0) {
		[n, p] = readShortVec(buf, p);
		for (let i = 0; i < n; i++) {
			const accountKey = b58encode(take(buf, p, 32));
			let nw, nr;
			[nw, p] = readShortVec(buf, p + 32);
			const writableIndexes = [...take(buf, p, nw)];
			[nr, p] = readShortVec(buf, p + nw);
			const readonlyIndexes = [...take(buf, p, nr)];
			p += nr;
			m.lookups.push({ accountKey, writableIndexes, readonlyIndexes });
		}
	}
	m.end = p;
	// The sanitize checks that matter here.
	if (m.header.numRequiredSignatures === 0 || m.header.numRequiredSignatures > m.keys.length ||
	    m.header.numReadonlySignedAccounts >= m.header.numRequiredSignatures ||
	    m.header.numReadonlyUnsignedAccounts > m.keys.length - m.header.numRequiredSignatures)
		throw new Error('Transaction failed to sanitize accounts offsets correctly');
	const total = m.keys.length + m.lookups.reduce((s, l) => s + l.writableIndexes.length + l.readonlyIndexes.length, 0);
	for (const ix of m.instructions)
		if (ix.programIdIndex >= m.keys.length || ix.programIdIndex === 0 || ix.accounts.some((a) => a >= total))
			throw new Error('Transaction failed to sanitize accounts offsets correctly');
	return m;
}

function parseTransaction(bytes) {
	let [nsig, p] = readShortVec(bytes, 0);
	const signatures = [];
	for (let i = 0; i < nsig; i++, p += 64)
		signatures.push(Buffer.from(take(bytes, p, 64)));
	const tx = parseMessage(bytes, p);
	if (tx.end !== bytes.length)
		throw new Error('trailing bytes');
	if (nsig !== tx.header.numRequiredSignatures)
		throw new Error('Transaction failed to sanitize accounts offsets correctly');
	tx.signatures = signatures;
	tx.signature = b58encode(signatures[0]);
	tx.messageBytes = bytes.subarray(tx.start);
	tx.bytes = bytes;
	return tx;
}

// Decodes a transaction parameter as sendTransaction and simulateTransaction
// take it (base58 by default, or base64).
function txParam(data, encoding) {
	let bytes;
	if (typeof data !== 'string')
		throw invalidParams('Invalid params: invalid type: expected a string.');
	if (encoding === undefined || encoding === 'base58') {
		bytes = b58decode(data);
		if (!bytes)
			throw invalidParams('invalid base58 encoding: InvalidCharacter');
	} else if (encoding === 'base64') {
		bytes = Buffer.from(data, 'base64');
	} else {
		throw invalidParams(`unsupported encoding: ${encoding}. Supported encodings: base58, base64`);
	}
	if (bytes.length > 1232)
		throw invalidParams(`base64 encoded solana_transaction::versioned::VersionedTransaction too large: ${bytes.length} bytes (max: encoded/raw 1644/1232)`);
	try {
		return parseTransaction(bytes);
	} catch (e) {
		if (/sanitize/.test(e.message))
			throw invalidParams(`invalid transaction: ${e.message}`);
		throw invalidParams(`failed to deserialize solana_transaction::versioned::VersionedTransaction: ${e.message}`);
	}
}

function verifySignatures(tx) {
	for (let i = 0; i < tx.signatures.length; i++) {
		const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), b58decode(tx.keys[i])]);
		const key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
		if (!crypto.verify(null, tx.messageBytes, key, tx.signatures[i]))
			return false;
	}
	return true;
}

// The transaction's accounts: static keys, then those loaded from address
// lookup tables (writable, then read-only), with their writability.
function resolveKeys(tx) {
	const h = tx.header;
	const n = tx.keys.length;
	const keys = tx.keys.slice();
	const writable = keys.map((_, i) => i < h.numRequiredSignatures - h.numReadonlySignedAccounts ||
		(i >= h.numRequiredSignatures && i < n - h.numReadonlyUnsignedAccounts));
	const loaded = { writable: [], readonly: [] };
	for (const l of tx.lookups) {
		const acct = getAcct(l.accountKey);
		if (!acct || acct.data.length < 56)
			continue;
		const at = (i) => (56 + 32 * i + 32 <= acct.data.length ? b58encode(acct.data.subarray(56 + 32 * i, 88 + 32 * i)) : null);
		loaded.writable.push(...l.writableIndexes.map(at).filter(Boolean));
		loaded.readonly.push(...l.readonlyIndexes.map(at).filter(Boolean));
	}
	keys.push(...loaded.writable, ...loaded.readonly);
	writable.push(...loaded.writable.map(() => true), ...loaded.readonly.map(() => false));
	return { keys, writable, loaded };
}

// Compute budget instructions: unit price (micro-lamports) and limit.
function computeBudget(tx) {
	let price = 0n, limit = null, others = 0;
	for (const ix of tx.instructions) {
		if (tx.keys[ix.programIdIndex] !== COMPUTE_BUDGET) {
			others++;
			continue;
		}
		if (ix.data[0] === 2 && ix.data.length >= 5)
			limit = BigInt(ix.data.readUInt32LE(1));
		else if (ix.data[0] === 3 && ix.data.length >= 9)
			price = ix.data.readBigUInt64LE(1);
	}
	if (limit === null)
		limit = BigInt(Math.min(1400000, 200000 * others));
	return { price, limit };
}

// The fee rule: 5000 lamports a signature (precompile signatures count too),
// plus the priority fee, ceil(price * limit / 10^6).
function feeFor(tx) {
	let sigs = BigInt(tx.header.numRequiredSignatures);
	for (const ix of tx.instructions)
		if (PRECOMPILES.has(tx.keys[ix.programIdIndex]) && ix.data.length > 0)
			sigs += BigInt(ix.data[0]);
	const { price, limit } = computeBudget(tx);
	return sigs * LAMPORTS_PER_SIGNATURE + (price * limit + 999999n) / 1000000n;
}

function memoOf(tx) {
	const memos = [];
	for (const ix of tx.instructions) {
		const p = tx.keys[ix.programIdIndex];
		if (p === MEMO_V1 || p === MEMO_V2)
			memos.push(`[${ix.data.length}] ${ix.data.toString('utf8')}`);
	}
	return memos.length ? memos.join('; ') : null;
}

// LiteSVM's error objects -> the validator's JSON form of TransactionError.
function txError(e) {
	if (typeof e === 'number')
		return TX_ERRORS[e] || `TransactionError${e}`;
	const name = e && e.constructor && e.constructor.name;
	if (name === 'TransactionErrorInstructionError') {
		const ie = e.err();
		let j;
		if (typeof ie === 'number')
			j = IX_ERRORS[ie] || `InstructionError${ie}`;
		else if (ie.constructor.name === 'InstructionErrorCustom')
			j = { Custom: ie.code };
		else
			j = { BorshIoError: ie.msg };
		return { InstructionError: [e.index, j] };
	}
	if (name === 'TransactionErrorDuplicateInstruction')
		return { DuplicateInstruction: e.index };
	if (name === 'TransactionErrorInsufficientFundsForRent')
		return { InsufficientFundsForRent: { account_index: e.accountIndex } };
	if (name === 'TransactionErrorProgramExecutionTemporarilyRestricted')
		return { ProgramExecutionTemporarilyRestricted: { account_index: e.accountIndex } };
	return String(e);
}

function txErrorText(err) {
	if (typeof err === 'string')
		return TX_ERROR_TEXT[err] || err;
	if (err.InstructionError) {
		const [i, ie] = err.InstructionError;
		let t;
		if (typeof ie === 'string')
			t = IX_ERROR_TEXT[ie] || ie;
		else if (ie.Custom !== undefined)
			t = `custom program error: 0x${ie.Custom.toString(16)}`;
		else
			t = JSON.stringify(ie);
		return `Error processing Instruction ${i}: ${t}`;
	}
	if (err.InsufficientFundsForRent)
		return `Transaction results in an account (${err.InsufficientFundsForRent.account_index}) with insufficient funds for rent`;
	return JSON.stringify(err);
}

// ---------------------------------------------------------------------------
// Accounts and their encodings

function getAcct(pubkey) {
	const a = svm.getAccount(pubkey);
	if (!a.exists)
		return null;
	return { lamports: BigInt(a.lamports), data: Buffer.from(a.data), owner: a.programAddress, executable: a.executable };
}

function setAcct(pubkey, lamports, owner, data, executable) {
	svm.setAccount({ address: pubkey, lamports: BigInt(lamports), programAddress: owner,
		data: Uint8Array.from(data), executable: !!executable });
}

function encodeData(data, encoding, slice) {
	if (slice) {
		const off = usizeParam(slice.offset, 'dataSlice.offset'), len = usizeParam(slice.length, 'dataSlice.length');
		data = data.subarray(Math.min(off, data.length), Math.min(off + len, data.length));
	}
	switch (encoding) {
	case undefined:
	case 'binary':
		if (data.length > MAX_BASE58_DATA)
			throw invalidParams('Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
		return b58encode(data);
	case 'base58':
		if (data.length > MAX_BASE58_DATA)
			throw invalidParams('Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
		return [b58encode(data), 'base58'];
	case 'base64':
		return [data.toString('base64'), 'base64'];
	case 'base64+zstd':
		if (typeof zlib.zstdCompressSync !== 'function')
			throw invalidParams('Invalid params: base64+zstd is not supported by this peer; use base64.');
		return [zlib.zstdCompressSync(data).toString('base64'), 'base64+zstd'];
	default:
		throw invalidParams(`Invalid params: unknown variant \`${encoding}\`, expected one of \`binary\`, \`base58\`, \`base64\`, \`jsonParsed\`, \`base64+zstd\`.`);
	}
}

function uiTokenAmount(amount, decimals) {
	const digits = amount.toString().padStart(decimals + 1, '0');
	let s = decimals ? digits.slice(0, -decimals) + '.' + digits.slice(-decimals) : digits;
	if (decimals)
		s = s.replace(/0+$/, '').replace(/\.$/, '');
	return { amount: amount.toString(), decimals, uiAmount: Number(amount) / 10 ** decimals, uiAmountString: s };
}

const isTokenProgram = (p) => p === TOKEN || p === TOKEN_2022;
const coptionKey = (d, off) => (d.readUInt32LE(off) === 1 ? b58encode(d.subarray(off + 4, off + 36)) : null);

// An SPL Token (or Token-2022) account's fields, or null if acct is not one.
function tokenAccount(acct) {
	if (!acct || !isTokenProgram(acct.owner))
		return null;
	const d = acct.data;
	if (!(d.length === 165 || (acct.owner === TOKEN_2022 && d.length > 165 && d[165] === 2)))
		return null;
	if (d[108] === 0)
		return null; // uninitialized
	return {
		mint: b58encode(d.subarray(0, 32)), owner: b58encode(d.subarray(32, 64)),
		amount: d.readBigUInt64LE(64), delegate: coptionKey(d, 72), state: d[108],
		isNative: d.readUInt32LE(109) === 1 ? d.readBigUInt64LE(113) : null,
		delegatedAmount: d.readBigUInt64LE(121), closeAuthority: coptionKey(d, 129),
	};
}

function tokenMint(acct) {
	if (!acct || !isTokenProgram(acct.owner))
		return null;
	const d = acct.data;
	if (!(d.length === 82 || (acct.owner === TOKEN_2022 && d.length > 165 && d[165] === 1)))
		return null;
	return { mintAuthority: coptionKey(d, 0), supply: d.readBigUInt64LE(36), decimals: d[44],
		isInitialized: d[45] === 1, freezeAuthority: coptionKey(d, 46) };
}

function mintDecimals(mint) {
	const m = tokenMint(getAcct(mint));
	return m ? m.decimals : 0;
}

// jsonParsed: SPL Token accounts and mints, Stake accounts; null otherwise.
function parseAccount(acct) {
	const program = acct.owner === TOKEN ? 'spl-token' : 'spl-token-2022';
	const t = tokenAccount(acct);
	if (t) {
		const decimals = mintDecimals(t.mint);
		const info = { isNative: t.isNative !== null, mint: t.mint, owner: t.owner,
			state: ['uninitialized', 'initialized', 'frozen'][t.state] || 'initialized',
			tokenAmount: uiTokenAmount(t.amount, decimals) };
		if (t.delegate) {
			info.delegate = t.delegate;
			info.delegatedAmount = uiTokenAmount(t.delegatedAmount, decimals);
		}
		if (t.isNative !== null)
			info.rentExemptReserve = uiTokenAmount(t.isNative, decimals);
		if (t.closeAuthority)
			info.closeAuthority = t.closeAuthority;
		return { program, parsed: { type: 'account', info }, space: acct.data.length };
	}
	const m = tokenMint(acct);
	if (m) {
		return { program, space: acct.data.length, parsed: { type: 'mint', info: {
			decimals: m.decimals, freezeAuthority: m.freezeAuthority, isInitialized: m.isInitialized,
			mintAuthority: m.mintAuthority, supply: m.supply.toString() } } };
	}
	const s = stakeState(acct);
	if (s)
		return { program: 'stake', parsed: s, space: acct.data.length };
	return null;
}

// Stake accounts: StakeStateV2 as the stake program lays it out.
function stakeState(acct) {
	if (!acct || acct.owner !== STAKE || acct.data.length < 200)
		return null;
	const d = acct.data;
	const tag = d.readUInt32LE(0);
	const type = ['uninitialized', 'initialized', 'delegated', 'rewardsPool'][tag];
	if (!type)
		return null;
	if (tag === 0 || tag === 3)
		return { type, info: null };
	const info = { meta: {
		rentExemptReserve: d.readBigUInt64LE(4).toString(),
		authorized: { staker: b58encode(d.subarray(12, 44)), withdrawer: b58encode(d.subarray(44, 76)) },
		lockup: { unixTimestamp: Number(d.readBigInt64LE(76)), epoch: Number(d.readBigUInt64LE(84)),
			custodian: b58encode(d.subarray(92, 124)) },
	} };
	if (tag === 2) {
		info.stake = {
			delegation: { voter: b58encode(d.subarray(124, 156)), stake: d.readBigUInt64LE(156).toString(),
				activationEpoch: d.readBigUInt64LE(164).toString(), deactivationEpoch: d.readBigUInt64LE(172).toString(),
				warmupCooldownRate: d.readDoubleLE(180) },
			creditsObserved: Number(d.readBigUInt64LE(188)),
		};
	}
	return { type, info };
}

function encodeAccount(acct, cfg) {
	if (!acct)
		return null;
	let data;
	if (cfg.encoding === 'jsonParsed') {
		data = parseAccount(acct);
		if (!data)
			data = encodeData(acct.data, 'base64', cfg.dataSlice);
	} else {
		data = encodeData(acct.data, cfg.encoding, cfg.dataSlice);
	}
	return { data, executable: acct.executable, lamports: acct.lamports, owner: acct.owner,
		rentEpoch: U64_MAX, space: acct.data.length };
}

// A token balance entry of getTransaction's pre/postTokenBalances.
function tokenBalances(keys) {
	const out = [];
	keys.forEach((k, i) => {
		const acct = getAcct(k);
		const t = tokenAccount(acct);
		if (t)
			out.push({ accountIndex: i, mint: t.mint, owner: t.owner, programId: acct.owner,
				uiTokenAmount: uiTokenAmount(t.amount, mintDecimals(t.mint)) });
	});
	return out;
}

// ---------------------------------------------------------------------------
// The chain: slots, blockhashes, transaction records

const opts = parseArgs(process.argv.slice(2));
let svm;
const chain = {
	slot: 0, blockHeight: 0, epochStartTime: Math.floor(Date.now() / 1000),
	blockhashes: new Map(), // blockhash -> last valid block height
	records: new Map(), // signature -> record of a landed transaction
	byAddress: new Map(), // address -> signatures, oldest first
	bySlot: new Map(), // slot -> [{price, writable}] for prioritization fees
	slotTimes: new Map(), // slot -> unix time, for slots that hold transactions
	held: [], // [{tx, due}] transactions held by the holdSends fault
	genesisHash: b58encode(crypto.randomBytes(32)),
	identity: null, faucet: null, txCount: 0,
};
const faults = { dropSends: 0, holdSends: 0, holdSlots: 10, failSends: 0, httpErrors: 0, delayMs: 0,
	unhealthy: false, exitAfterSends: 0, exitLanded: false, prioritizationFees: [] };
Object.assign(faults, opts.faults);
const stats = { sends: 0, sendsBySignature: {}, dropped: [], held: 0, landed: 0, requests: {} };
let exitAfterResponse = false;

function epochOf(slot) {
	return Math.floor(slot / opts.slotsPerEpoch);
}

function setClock() {
	const c = svm.getClock();
	c.slot = BigInt(chain.slot);
	c.epoch = BigInt(epochOf(chain.slot));
	c.leaderScheduleEpoch = c.epoch + 1n;
	c.unixTimestamp = BigInt(Math.floor(Date.now() / 1000));
	c.epochStartTimestamp = BigInt(chain.epochStartTime);
	svm.setClock(c);
}

// A new blockhash, valid for MAX_PROCESSING_AGE blocks.
function newBlockhash() {
	svm.expireBlockhash();
	chain.blockhashes.set(svm.latestBlockhash(), chain.blockHeight + MAX_PROCESSING_AGE);
}

function latestBlockhash() {
	return svm.latestBlockhash();
}

function blockhashValid(hash) {
	const last = chain.blockhashes.get(hash);
	return last !== undefined && chain.blockHeight <= last;
}

// Moves the chain on by n slots (one block each).
function advance(n) {
	if (n <= 0)
		return;
	const oldEpoch = epochOf(chain.slot);
	chain.slot += n;
	chain.blockHeight += n;
	if (epochOf(chain.slot) !== oldEpoch)
		chain.epochStartTime = Math.floor(Date.now() / 1000);
	newBlockhash();
	for (const [h, last] of chain.blockhashes)
		if (last < chain.blockHeight)
			chain.blockhashes.delete(h);
	for (const s of chain.bySlot.keys())
		if (s < chain.slot - MAX_PROCESSING_AGE)
			chain.bySlot.delete(s);
	setClock();
	// Held transactions whose time has come reach the leader now.
	const due = chain.held.filter((h) => h.due <= chain.slot);
	chain.held = chain.held.filter((h) => h.due > chain.slot);
	for (const h of due)
		land(h.tx);
}

// Checks a transaction's age as the bank does: a recent blockhash, or a
// durable nonce whose stored value is the transaction's blockhash.
function checkAge(tx) {
	if (blockhashValid(tx.blockhash))
		return null;
	const ix = tx.instructions[0];
	if (ix && tx.keys[ix.programIdIndex] === SYSTEM && ix.data.length >= 4 && ix.data.readUInt32LE(0) === 4 &&
	    ix.accounts.length > 0) {
		const nonce = getAcct(tx.keys[ix.accounts[0]] || '');
		if (nonce && nonce.owner === SYSTEM && nonce.data.length >= 80 && nonce.data.readUInt32LE(4) === 1 &&
		    b58encode(nonce.data.subarray(40, 72)) === tx.blockhash)
			return null;
	}
	return 'BlockhashNotFound';
}

function innerOf(meta) {
	return meta.innerInstructions().map((list, index) => ({
		index,
		instructions: list.map((ii) => {
			const ci = ii.instruction();
			return { programIdIndex: ci.programIdIndex(), accounts: [...ci.accounts()],
				data: b58encode(ci.data()), stackHeight: ii.stackHeight() };
		}),
	})).filter((g) => g.instructions.length > 0);
}

function returnDataOf(meta) {
	const rd = meta.returnData();
	const data = Buffer.from(rd.data());
	if (data.length === 0)
		return null;
	return { programId: b58encode(rd.programId()), data: [data.toString('base64'), 'base64'] };
}


// ---------------------------------------------------------------------------
// Helium's claim programs
//
// Helium's program binaries (lazy_distributor, rewards_oracle, circuit_breaker,
// account compression) are not available here, so LiteSVM cannot execute
// them. A transaction invoking lazy_distributor or rewards_oracle is instead
// CHECKED here for real and then RECORDED AS LANDED with its effect applied
// to the RecipientV0 accounts:
//   - every signature verifies, the recent blockhash is valid, the size is
//     at most 1232 bytes (txParam), the fee payer holds the fee and is
//     charged it (5000 lamports a signature, the precompile's included);
//   - every Ed25519 precompile instruction's signatures verify;
//   - every instruction is the Ed25519 precompile, Compute Budget or an
//     instruction of lazy_distributor / rewards_oracle that Anchor's coder
//     decodes with @helium/idls, with the accounts the IDL names (address
//     constraints checked: programs, sysvar, PDAs of the recipient, the
//     oracle signer, the circuit breaker, the destination's token account);
//   - set_current_rewards_wrapper_v2 follows an Ed25519 instruction by the
//     oracle the lazy distributor lists at its index, over a
//     SetCurrentRewardsTransactionV0 for this lazy distributor, index, amount
//     and the recipient's asset; amounts never go down;
//   - initialize_compression_recipient_v0 creates the RecipientV0 (asset:
//     Bubblegum's leaf asset id of the tree and index); a recipient that
//     exists is refused;
//   - distribute_* raise the recipient's total_rewards to the median of its
//     current rewards and the claim is recorded (depinctl_heliumClaims).
// Merkle proofs are not verified (the compression program is not run).
// Everything else stays executed by LiteSVM.
const HELIUM = {
	LD: '1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w',
	RO: 'rorcfdX4h9m9swCKgcypaHJ8NGYVANBpmV9EHn3cYrF',
	CB: 'circAbx64bbsscPbQzZAUvuXpHqrCe6fLMzc2uKXz9g',
	CMT: 'cmtDvXumGCrqC1Age74AVPhSRVXJMd8PJS91L8KbNCK',
	BUBBLEGUM: 'BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY',
	ED25519: 'Ed25519SigVerify111111111111111111111111111',
	SYSVAR_IX: 'Sysvar1nstructions1111111111111111111111111',
	DC: 'credMBJhYFzfn7NxBMdU4aUqFggAjgztaCcv2Fo6fPT',
	VSR: 'hvsrNC3NKbcryqDs2DocYHZ9yPKEVzdSjQG6RVtK1s8',
	HSD: 'hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR',
};
// data_credits, voter_stake_registry and helium_sub_daos (data credits,
// veHNT positions, delegation): their transactions are checked the same way
// (signatures, co-signers included; blockhash; fee; every instruction decoded
// with the IDL, its fixed addresses, writable accounts and signers) and
// recorded as landed with the fee charged, but no other effect: the tests of
// these commands check what was signed, not balances afterwards. The System,
// Token and Associated Token Account instructions beside them (a position's
// mint, token accounts) are decoded by kind and recorded, not executed.
const HELIUM_RECORD_ONLY = new Set([HELIUM.DC, HELIUM.VSR, HELIUM.HSD]);
const PLAIN_PROGRAMS = new Set(['11111111111111111111111111111111', 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
	'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL']);
let heliumCoders = null;
const heliumClaims = []; // {signature, slot, recipient, asset, amount, destination}

function heliumLoad() {
	if (heliumCoders)
		return heliumCoders;
	const { BorshCoder } = require('@coral-xyz/anchor');
	const { loadIdl } = require(path.join(__dirname, '..', 'integration', 'anchor-decode.js'));
	heliumCoders = {};
	for (const name of ['lazy_distributor', 'rewards_oracle', 'data_credits', 'voter_stake_registry', 'helium_sub_daos']) {
		const idl = loadIdl(name);
		heliumCoders[idl.address] = { name, idl, coder: new BorshCoder(idl) };
	}
	return heliumCoders;
}

function isHelium(tx) {
	return tx.instructions.some((ix) => {
		const p = tx.keys[ix.programIdIndex];
		return p === HELIUM.LD || p === HELIUM.RO || HELIUM_RECORD_ONLY.has(p);
	});
}

function pda(seeds, program) {
	return web3.PublicKey.findProgramAddressSync(seeds, new web3.PublicKey(program))[0].toBase58();
}

function heliumFail(msg) {
	const e = new Error(msg);
	e.helium = true;
	return e;
}

function ed25519Check(data) {
	const count = data[0];
	const out = [];
	for (let i = 0; i < count; i++) {
		const b = 2 + 14 * i;
		const u = (k) => data.readUInt16LE(b + 2 * k);
		if (u(1) !== 0xffff || u(3) !== 0xffff || u(6) !== 0xffff)
			throw heliumFail('ed25519: offsets into other instructions are not supported here');
		const sig = data.subarray(u(0), u(0) + 64), pk = data.subarray(u(2), u(2) + 32);
		const msg = data.subarray(u(4), u(4) + u(5));
		if (sig.length !== 64 || pk.length !== 32 || msg.length !== u(5))
			throw heliumFail('ed25519: offsets out of range');
		const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk]);
		if (!crypto.verify(null, msg, crypto.createPublicKey({ key: der, format: 'der', type: 'spki' }), sig))
			throw heliumFail('ed25519: a signature does not verify');
		out.push({ pubkey: b58encode(pk), msg });
	}
	return out;
}

function flatNames(list, prefix, out) {
	for (const a of list) {
		if (a.accounts)
			flatNames(a.accounts, prefix + a.name + '.', out);
		else
			out.push(prefix + a.name);
	}
	return out;
}

// Checks a Helium transaction; with apply, charges the fee and applies the
// effects. Returns {err, logs}.
function heliumRun(tx, apply, sigverify = true) {
	const logs = [];
	const coders = heliumLoad();
	const { keys, writable } = resolveKeys(tx);
	const fee = feeFor(tx);
	const payer = keys[0];
	const payerAcct = getAcct(payer);
	if (sigverify && !verifySignatures(tx))
		return { err: 'SignatureFailure', logs };
	if (!payerAcct || payerAcct.lamports < fee)
		return { err: 'InsufficientFundsForFee', logs };
	const pending = new Map(); // recipient -> {acct data decoded}
	const ldCoder = coders[HELIUM.LD].coder;
	const readRecipient = (key) => {
		if (pending.has(key))
			return pending.get(key);
		const a = getAcct(key);
		if (!a || a.owner !== HELIUM.LD)
			return null;
		const r = ldCoder.accounts.decode('recipientV0', a.data);
		pending.set(key, r);
		return r;
	};
	const readLd = (key) => {
		const a = getAcct(key);
		if (!a || a.owner !== HELIUM.LD)
			throw heliumFail('lazy distributor ' + key + ' not found');
		return ldCoder.accounts.decode('lazyDistributorV0', a.data);
	};
	const claims = [];
	try {
		let lastEd = null;
		tx.instructions.forEach((ix, n) => {
			const program = keys[ix.programIdIndex];
			const at = (k) => keys[ix.accounts[k]];
			if (program === HELIUM.ED25519) {
				lastEd = { n, sigs: ed25519Check(ix.data) };
				return;
			}
			if (program === COMPUTE_BUDGET)
				return;
			const recordOnly = tx.instructions.some((x) => HELIUM_RECORD_ONLY.has(keys[x.programIdIndex]));
			if (recordOnly && PLAIN_PROGRAMS.has(program)) {
				logs.push(`Program ${program} invoke [1]`, 'Program log: recorded by solana-validator.js, not executed');
				return;
			}
			const p = coders[program];
			if (!p)
				throw heliumFail(`instruction ${n}: program ${program} in a Helium claim transaction`);
			const dec = p.coder.instruction.decode(ix.data);
			if (!dec)
				throw heliumFail(`instruction ${n}: ${p.name} data does not decode`);
			const def = p.idl.instructions.find((x) => x.name === dec.name);
			const names = flatNames(def.accounts, '', []);
			if (ix.accounts.length < names.length)
				throw heliumFail(`instruction ${n}: ${dec.name} has ${ix.accounts.length} accounts, ${names.length} expected`);
			const acc = {};
			names.forEach((nm, k) => { acc[nm] = at(k); });
			const flat = [];
			// the IDL's fixed addresses, writability and signers
			const walk = (list, prefix) => list.forEach((a) => {
				if (a.accounts)
					return walk(a.accounts, prefix + a.name + '.');
				flat.push({ ...a, full: prefix + a.name });
			});
			walk(def.accounts, '');
			flat.forEach((a, k) => {
				if (a.address && acc[a.full] !== a.address)
					throw heliumFail(`instruction ${n}: ${dec.name}: ${a.full} is ${acc[a.full]}, not ${a.address}`);
				if (a.writable && !writable[ix.accounts[k]])
					throw heliumFail(`instruction ${n}: ${dec.name}: ${a.full} must be writable`);
				if (a.signer && ix.accounts[k] >= tx.header.numRequiredSignatures)
					throw heliumFail(`instruction ${n}: ${dec.name}: ${a.full} must sign`);
			});
			logs.push(`Program ${program} invoke [1]`, `Program log: Instruction: ${dec.name} (checked by solana-validator.js, not executed)`);
			const args = dec.data.args;
			if (HELIUM_RECORD_ONLY.has(program)) {
				/* checked above against its IDL; recorded, no effect applied */
			} else if (dec.name === 'initializeCompressionRecipientV0') {
				const ld = acc.lazyDistributor;
				readLd(ld);
				const idx = Buffer.alloc(8);
				idx.writeBigUInt64LE(BigInt(args.index));
				const asset = pda([Buffer.from('asset'), new web3.PublicKey(acc.merkleTree).toBuffer(), idx], HELIUM.BUBBLEGUM);
				if (acc.recipient !== pda([Buffer.from('recipient'), new web3.PublicKey(ld).toBuffer(),
					new web3.PublicKey(asset).toBuffer()], HELIUM.LD))
					throw heliumFail(`instruction ${n}: recipient is not the PDA of asset ${asset}`);
				if (readRecipient(acc.recipient))
					throw heliumFail(`instruction ${n}: recipient ${acc.recipient} already exists`);
				pending.set(acc.recipient, { lazyDistributor: new web3.PublicKey(ld), asset: new web3.PublicKey(asset),
					totalRewards: new (require('bn.js'))(0), currentConfigVersion: 0, currentRewards: [],
					bumpSeed: 255, reserved: new (require('bn.js'))(0), destination: web3.PublicKey.default, created: true });
			} else if (dec.name === 'setCurrentRewardsWrapperV2') {
				const ld = readLd(acc.lazyDistributor);
				const rec = readRecipient(acc.recipient);
				if (!rec)
					throw heliumFail(`instruction ${n}: recipient ${acc.recipient} does not exist`);
				if (acc.oracleSigner !== pda([Buffer.from('oracle_signer')], HELIUM.RO))
					throw heliumFail(`instruction ${n}: oracleSigner is not the rewards oracle's PDA`);
				const oi = args.oracleIndex;
				if (oi >= ld.oracles.length)
					throw heliumFail(`instruction ${n}: oracle index ${oi} out of range`);
				if (!lastEd || lastEd.n !== n - 1 || lastEd.sigs.length !== 1)
					throw heliumFail(`instruction ${n}: not preceded by an Ed25519 instruction with one signature`);
				if (lastEd.sigs[0].pubkey !== ld.oracles[oi].oracle.toBase58())
					throw heliumFail(`instruction ${n}: signed by ${lastEd.sigs[0].pubkey}, not oracle ${oi}`);
				const m = ldCoder.accounts.decode('setCurrentRewardsTransactionV0', lastEd.sigs[0].msg);
				if (m.lazyDistributor.toBase58() !== acc.lazyDistributor || m.oracleIndex !== oi ||
				    !m.currentRewards.eq(args.currentRewards) || !m.asset.equals(rec.asset))
					throw heliumFail(`instruction ${n}: the oracle's message does not match the instruction`);
				while (rec.currentRewards.length < ld.oracles.length)
					rec.currentRewards.push(null);
				if (rec.currentRewards[oi] && args.currentRewards.lt(rec.currentRewards[oi]))
					throw heliumFail(`instruction ${n}: current rewards would go down`);
				rec.currentRewards[oi] = args.currentRewards;
			} else if (dec.name === 'distributeCompressionRewardsV0' || dec.name === 'distributeCustomDestinationV0') {
				const ldKey = acc['common.lazyDistributor'];
				const ld = readLd(ldKey);
				const rec = readRecipient(acc['common.recipient']);
				if (!rec)
					throw heliumFail(`instruction ${n}: recipient does not exist`);
				if (acc['common.rewardsMint'] !== ld.rewardsMint.toBase58() ||
				    acc['common.rewardsEscrow'] !== ld.rewardsEscrow.toBase58())
					throw heliumFail(`instruction ${n}: rewards mint or escrow not the lazy distributor's`);
				if (acc['common.circuitBreaker'] !== pda([Buffer.from('account_windowed_breaker'),
					ld.rewardsEscrow.toBuffer()], HELIUM.CB))
					throw heliumFail(`instruction ${n}: circuitBreaker is not the escrow's breaker`);
				const owner = acc['common.owner'];
				if (acc['common.destinationAccount'] !== pda([new web3.PublicKey(owner).toBuffer(),
					new web3.PublicKey(TOKEN).toBuffer(), ld.rewardsMint.toBuffer()], ATA))
					throw heliumFail(`instruction ${n}: destinationAccount is not the owner's token account`);
				const custom = !rec.destination.equals(web3.PublicKey.default);
				if (dec.name === 'distributeCustomDestinationV0' ? (!custom || owner !== rec.destination.toBase58()) : custom)
					throw heliumFail(`instruction ${n}: ${dec.name} for a recipient ${custom ? 'with' : 'without'} a destination`);
				const vals = rec.currentRewards.filter((v) => v).map((v) => BigInt(v.toString())).sort((a, b) => (a < b ? -1 : a > b));
				if (vals.length !== ld.oracles.length)
					throw heliumFail(`instruction ${n}: not every oracle has set current rewards`);
				const median = vals[Math.floor(vals.length / 2)];
				const total = BigInt(rec.totalRewards.toString());
				if (median < total)
					throw heliumFail(`instruction ${n}: the median is below the total distributed`);
				rec.totalRewards = new (require('bn.js'))(median.toString());
				claims.push({ recipient: acc['common.recipient'], asset: rec.asset.toBase58(),
					amount: (median - total).toString(), destination: owner });
			} else {
				throw heliumFail(`instruction ${n}: ${dec.name} is not part of a claim`);
			}
			lastEd = null;
		});
	} catch (e) {
		if (!e.helium)
			throw e;
		logs.push('Program log: ' + e.message);
		return { err: { InstructionError: [0, { Custom: 6000 }] }, logs, message: e.message };
	}
	if (!apply)
		return { err: null, logs };
	setAcct(payer, payerAcct.lamports - fee, payerAcct.owner, payerAcct.data, payerAcct.executable);
	for (const [key, rec] of pending) {
		const { created, ...fields } = rec;
		const disc = Buffer.from(coders[HELIUM.LD].idl.accounts.find((a) => a.name === 'recipientV0').discriminator);
		const data = Buffer.concat([disc, ldCoder.types.encode('recipientV0', fields)]);
		const old = getAcct(key);
		setAcct(key, old ? old.lamports : 2000000n, HELIUM.LD, data, false);
	}
	for (const c of claims)
		heliumClaims.push({ signature: tx.signature, slot: chain.slot, ...c });
	return { err: null, logs, fee };
}

function landHelium(tx) {
	const { keys, writable, loaded } = resolveKeys(tx);
	const preBalances = keys.map((k) => svm.getBalance(k) || 0n);
	const preTokenBalances = tokenBalances(keys);
	const r = heliumRun(tx, true);
	if (r.err === 'SignatureFailure' || r.err === 'InsufficientFundsForFee')
		return { landed: false, err: r.err, logs: r.logs };
	let fee = r.fee;
	if (r.err) { // a failed transaction still pays its fee
		fee = feeFor(tx);
		const a = getAcct(keys[0]);
		setAcct(keys[0], a.lamports - fee, a.owner, a.data, a.executable);
	}
	const sig = tx.signature;
	const rec = {
		tx, slot: chain.slot, blockTime: Math.floor(Date.now() / 1000), err: r.err, fee,
		keys, writable, loaded, preBalances, postBalances: keys.map((k) => svm.getBalance(k) || 0n),
		preTokenBalances, postTokenBalances: tokenBalances(keys),
		logs: r.logs, inner: [], unitsConsumed: 0n, returnData: null, memo: null,
	};
	chain.records.set(sig, rec);
	chain.slotTimes.set(chain.slot, rec.blockTime);
	chain.txCount++;
	stats.landed++;
	for (const k of new Set(keys)) {
		if (!chain.byAddress.has(k))
			chain.byAddress.set(k, []);
		chain.byAddress.get(k).push(sig);
	}
	if (!chain.bySlot.has(chain.slot))
		chain.bySlot.set(chain.slot, []);
	chain.bySlot.get(chain.slot).push({ price: computeBudget(tx).price, writable: keys.filter((_, i) => writable[i]) });
	return { landed: true, err: r.err, logs: r.logs };
}

// Executes a transaction in the current slot. Returns {landed, err, logs}; a
// landed transaction (fee charged, success or not) gets a record.
function land(tx) {
	const sig = tx.signature;
	if (chain.records.has(sig))
		return { landed: false, err: 'AlreadyProcessed', logs: [] };
	const ageErr = checkAge(tx);
	if (ageErr)
		return { landed: false, err: ageErr, logs: [] };
	if (isHelium(tx))
		return landHelium(tx);
	const { keys, writable, loaded } = resolveKeys(tx);
	const preBalances = keys.map((k) => svm.getBalance(k) || 0n);
	const preTokenBalances = tokenBalances(keys);
	let res;
	try {
		res = svm.sendTransaction(kit.getTransactionDecoder().decode(tx.bytes));
	} catch (e) { // a signature missing altogether
		return { landed: false, err: 'SignatureFailure', logs: [] };
	}
	const failed = res instanceof FailedTransactionMetadata;
	const meta = failed ? res.meta() : res;
	const err = failed ? txError(res.err()) : null;
	if (failed && svm.getTransaction(sig) === null)
		return { landed: false, err, logs: meta.logs() };
	const m = /fee: (\d+) \}\)?\s*$/.exec(String(res));
	const fee = m ? BigInt(m[1]) : feeFor(tx);
	const rec = {
		tx, slot: chain.slot, blockTime: Math.floor(Date.now() / 1000), err, fee,
		keys, writable, loaded, preBalances, postBalances: keys.map((k) => svm.getBalance(k) || 0n),
		preTokenBalances, postTokenBalances: tokenBalances(keys),
		logs: meta.logs(), inner: innerOf(meta), unitsConsumed: meta.computeUnitsConsumed(),
		returnData: returnDataOf(meta), memo: memoOf(tx),
	};
	chain.records.set(sig, rec);
	chain.slotTimes.set(chain.slot, rec.blockTime);
	chain.txCount++;
	stats.landed++;
	for (const k of new Set(keys)) {
		if (!chain.byAddress.has(k))
			chain.byAddress.set(k, []);
		chain.byAddress.get(k).push(sig);
	}
	if (!chain.bySlot.has(chain.slot))
		chain.bySlot.set(chain.slot, []);
	chain.bySlot.get(chain.slot).push({ price: computeBudget(tx).price, writable: keys.filter((_, i) => writable[i]) });
	return { landed: true, err, logs: rec.logs };
}

// Runs a transaction against the current state without keeping its effects.
function simulate(tx, sigverify) {
	const none = { unitsConsumed: 0n, returnData: null, inner: [], post: [] };
	if (chain.records.has(tx.signature))
		return { err: 'AlreadyProcessed', logs: [], ...none };
	const ageErr = checkAge(tx);
	if (ageErr)
		return { err: ageErr, logs: [], ...none };
	if (isHelium(tx)) {
		const r = heliumRun(tx, false, sigverify);
		return { err: r.err, logs: r.logs, ...none };
	}
	let res;
	svm.withSigverify(sigverify);
	try {
		res = svm.simulateTransaction(kit.getTransactionDecoder().decode(tx.bytes));
	} catch (e) {
		return { err: 'SignatureFailure', logs: [], ...none };
	} finally {
		svm.withSigverify(true);
	}
	if (res instanceof FailedTransactionMetadata) {
		const meta = res.meta();
		return { err: txError(res.err()), logs: meta.logs(), unitsConsumed: meta.computeUnitsConsumed(),
			returnData: returnDataOf(meta), inner: innerOf(meta), post: [] };
	}
	const meta = res.meta();
	return { err: null, logs: meta.logs(), unitsConsumed: meta.computeUnitsConsumed(),
		returnData: returnDataOf(meta), inner: innerOf(meta), post: res.postAccounts() };
}

// Lands a transaction built here (airdrops, test helpers), signed by signers.
function landBuilt(instructions, signers) {
	const t = new web3.Transaction({ recentBlockhash: latestBlockhash(), feePayer: signers[0].publicKey });
	t.add(...instructions);
	t.sign(...signers);
	const tx = parseTransaction(t.serialize());
	const r = land(tx);
	if (!r.landed || r.err)
		throw new RpcError(-32603, `transaction failed: ${txErrorText(r.err)}`, { logs: r.logs });
	return tx.signature;
}

function commitmentOf(rec) {
	const depth = chain.slot - rec.slot;
	if (depth >= FINALITY_DEPTH)
		return { confirmationStatus: 'finalized', confirmations: null };
	return { confirmationStatus: depth >= 1 ? 'confirmed' : 'processed', confirmations: depth };
}

// Whether a record is visible at a commitment level.
function visibleAt(rec, commitment) {
	const depth = chain.slot - rec.slot;
	return commitment === 'processed' || (commitment === 'confirmed' ? depth >= 1 : depth >= FINALITY_DEPTH);
}

function context(cfg) {
	if (cfg && cfg.minContextSlot !== undefined && usizeParam(cfg.minContextSlot, 'minContextSlot') > chain.slot)
		throw new RpcError(-32016, 'Minimum context slot has not been reached', { contextSlot: chain.slot });
	return { apiVersion: VERSION, slot: chain.slot };
}

// ---------------------------------------------------------------------------
// Standard methods

const methods = {};

methods.getHealth = () => {
	if (faults.unhealthy)
		throw new RpcError(-32005, 'Node is unhealthy', {});
	return 'ok';
};
methods.getVersion = () => ({ 'solana-core': VERSION, 'feature-set': FEATURE_SET });
methods.getGenesisHash = () => chain.genesisHash;
methods.getIdentity = () => ({ identity: chain.identity.publicKey.toBase58() });
methods.getSlotLeader = () => chain.identity.publicKey.toBase58();
methods.getClusterNodes = () => [{ pubkey: chain.identity.publicKey.toBase58(), gossip: null, tpu: null,
	rpc: `127.0.0.1:${server.address().port}`, version: VERSION, featureSet: FEATURE_SET, shredVersion: 0 }];
methods.getSlot = ([cfg] = []) => { context(configParam(cfg)); return chain.slot; };
methods.getBlockHeight = ([cfg] = []) => { context(configParam(cfg)); return chain.blockHeight; };
methods.getTransactionCount = () => chain.txCount;
methods.getFirstAvailableBlock = () => 0;
methods.minimumLedgerSlot = () => 0;
methods.getMaxRetransmitSlot = () => chain.slot;
methods.getMaxShredInsertSlot = () => chain.slot;
methods.getBlockTime = ([slot]) => {
	slot = usizeParam(slot, 'slot');
	if (slot > chain.slot)
		throw new RpcError(-32004, `Block not available for slot ${slot}`);
	return chain.slotTimes.get(slot) || chain.epochStartTime;
};

methods.getEpochInfo = ([cfg] = []) => {
	context(configParam(cfg));
	return { absoluteSlot: chain.slot, blockHeight: chain.blockHeight, epoch: epochOf(chain.slot),
		slotIndex: chain.slot % opts.slotsPerEpoch, slotsInEpoch: opts.slotsPerEpoch, transactionCount: chain.txCount };
};
methods.getEpochSchedule = () => ({ slotsPerEpoch: opts.slotsPerEpoch, leaderScheduleSlotOffset: opts.slotsPerEpoch,
	warmup: false, firstNormalEpoch: 0, firstNormalSlot: 0 });

methods.getLatestBlockhash = ([cfg] = []) => {
	const ctx = context(configParam(cfg));
	const blockhash = latestBlockhash();
	return { context: ctx, value: { blockhash, lastValidBlockHeight: chain.blockhashes.get(blockhash) } };
};
methods.isBlockhashValid = ([hash, cfg]) => {
	const b = b58decode(hash);
	if (!b || b.length !== 32)
		throw invalidParams('Invalid param: Invalid');
	return { context: context(configParam(cfg)), value: blockhashValid(hash) };
};

methods.getMinimumBalanceForRentExemption = ([size] = []) =>
	svm.minimumBalanceForRentExemption(BigInt(usizeParam(size === undefined ? 0 : size, 'data length')));

methods.getBalance = ([pubkey, cfg]) => {
	const ctx = context(configParam(cfg));
	return { context: ctx, value: svm.getBalance(pubkeyParam(pubkey)) || 0n };
};

methods.getAccountInfo = ([pubkey, cfg]) => {
	cfg = configParam(cfg);
	const ctx = context(cfg);
	return { context: ctx, value: encodeAccount(getAcct(pubkeyParam(pubkey)), cfg) };
};

methods.getMultipleAccounts = ([pubkeys, cfg]) => {
	cfg = configParam(cfg);
	if (!Array.isArray(pubkeys))
		throw invalidParams('Invalid params: invalid type: expected a sequence.');
	if (pubkeys.length > 100)
		throw invalidParams('Too many inputs provided; max 100');
	const ctx = context(cfg);
	return { context: ctx, value: pubkeys.map((k) => encodeAccount(getAcct(pubkeyParam(k)), cfg)) };
};

function applyFilters(acct, filters) {
	for (const f of filters) {
		if (f.dataSize !== undefined) {
			if (acct.data.length !== usizeParam(f.dataSize, 'dataSize'))
				return false;
		} else if (f.memcmp) {
			const off = usizeParam(f.memcmp.offset, 'memcmp.offset');
			const enc = f.memcmp.encoding || 'base58';
			let want;
			if (enc === 'base58')
				want = b58decode(f.memcmp.bytes);
			else if (enc === 'base64' && typeof f.memcmp.bytes === 'string')
				want = Buffer.from(f.memcmp.bytes, 'base64');
			if (!want || want.length > MAX_BASE58_DATA)
				throw invalidParams('Invalid param: could not decode memcmp bytes');
			if (off + want.length > acct.data.length || !acct.data.subarray(off, off + want.length).equals(want))
				return false;
		} else if (f.tokenAccountState !== undefined) {
			if (!tokenAccount(acct))
				return false;
		} else {
			throw invalidParams('Invalid params: unknown filter.');
		}
	}
	return true;
}

function programAccounts(program) {
	return svm.getProgramAccounts(program).map((a) => ({ pubkey: a.address,
		acct: { lamports: BigInt(a.lamports), data: Buffer.from(a.data), owner: a.programAddress, executable: a.executable } }));
}

methods.getProgramAccounts = ([program, cfg]) => {
	cfg = configParam(cfg);
	pubkeyParam(program);
	const filters = cfg.filters || [];
	if (!Array.isArray(filters) || filters.length > 4)
		throw invalidParams('Too many filters provided; max 4');
	const ctx = context(cfg);
	const value = programAccounts(program).filter((a) => applyFilters(a.acct, filters))
		.map((a) => ({ pubkey: a.pubkey, account: encodeAccount(a.acct, cfg) }));
	return cfg.withContext ? { context: ctx, value } : value;
};

function tokenAccountsBy(field, who, filter, cfg) {
	cfg = configParam(cfg);
	pubkeyParam(who);
	if (!filter || typeof filter !== 'object')
		throw invalidParams('Invalid params: expected a filter object, {"mint": ...} or {"programId": ...}.');
	let programs, mint = null;
	if (filter.mint !== undefined) {
		mint = pubkeyParam(filter.mint);
		const m = getAcct(mint);
		if (!tokenMint(m))
			throw invalidParams('Invalid param: not a v2.0 Token mint');
		programs = [m.owner];
	} else if (filter.programId !== undefined) {
		if (!isTokenProgram(pubkeyParam(filter.programId)))
			throw invalidParams('Invalid param: unrecognized Token program id');
		programs = [filter.programId];
	} else {
		throw invalidParams('Invalid params: expected a filter object, {"mint": ...} or {"programId": ...}.');
	}
	const ctx = context(cfg);
	const value = [];
	for (const p of programs) {
		for (const a of programAccounts(p)) {
			const t = tokenAccount(a.acct);
			if (t && t[field] === who && (!mint || t.mint === mint))
				value.push({ pubkey: a.pubkey, account: encodeAccount(a.acct, cfg) });
		}
	}
	return { context: ctx, value };
}
methods.getTokenAccountsByOwner = ([owner, filter, cfg]) => tokenAccountsBy('owner', owner, filter, cfg);
methods.getTokenAccountsByDelegate = ([d, filter, cfg]) => tokenAccountsBy('delegate', d, filter, cfg);

methods.getTokenAccountBalance = ([pubkey, cfg]) => {
	const ctx = context(configParam(cfg));
	const t = tokenAccount(getAcct(pubkeyParam(pubkey)));
	if (!t)
		throw invalidParams('Invalid param: could not find account');
	return { context: ctx, value: uiTokenAmount(t.amount, mintDecimals(t.mint)) };
};

methods.getTokenSupply = ([mint, cfg]) => {
	const ctx = context(configParam(cfg));
	const m = tokenMint(getAcct(pubkeyParam(mint)));
	if (!m)
		throw invalidParams('Invalid param: not a Token mint');
	return { context: ctx, value: uiTokenAmount(m.supply, m.decimals) };
};

methods.getTokenLargestAccounts = ([mint, cfg]) => {
	const ctx = context(configParam(cfg));
	const ma = getAcct(pubkeyParam(mint));
	const m = tokenMint(ma);
	if (!m)
		throw invalidParams('Invalid param: not a Token mint');
	const list = programAccounts(ma.owner).map((a) => ({ address: a.pubkey, t: tokenAccount(a.acct) }))
		.filter((x) => x.t && x.t.mint === mint)
		.sort((x, y) => (x.t.amount < y.t.amount ? 1 : x.t.amount > y.t.amount ? -1 : 0))
		.slice(0, 20);
	return { context: ctx, value: list.map((x) => ({ address: x.address, ...uiTokenAmount(x.t.amount, m.decimals) })) };
};

methods.getVoteAccounts = ([cfg] = []) => {
	cfg = configParam(cfg);
	const stakeBy = new Map();
	const epoch = BigInt(epochOf(chain.slot));
	for (const a of programAccounts(STAKE)) {
		const d = a.acct.data;
		if (d.length >= 200 && d.readUInt32LE(0) === 2 && d.readBigUInt64LE(172) > epoch) {
			const voter = b58encode(d.subarray(124, 156));
			stakeBy.set(voter, (stakeBy.get(voter) || 0n) + d.readBigUInt64LE(156));
		}
	}
	const current = [];
	for (const a of programAccounts(VOTE)) {
		const d = a.acct.data;
		if (d.length < 69)
			continue;
		const version = d.readUInt32LE(0);
		if (version === 0 && d.length < 69)
			continue;
		const commission = version === 3 ? Math.floor(d.readUInt16LE(132) / 100) : d[68];
		if (cfg.votePubkey && cfg.votePubkey !== a.pubkey)
			continue;
		current.push({ votePubkey: a.pubkey, nodePubkey: b58encode(d.subarray(4, 36)),
			activatedStake: stakeBy.get(a.pubkey) || 0n, epochVoteAccount: true, commission,
			lastVote: chain.slot, epochCredits: [], rootSlot: Math.max(0, chain.slot - FINALITY_DEPTH) });
	}
	return { current, delinquent: [] };
};

methods.getInflationReward = ([addresses]) => {
	if (!Array.isArray(addresses))
		throw invalidParams('Invalid params: invalid type: expected a sequence.');
	return addresses.map((a) => { pubkeyParam(a); return null; });
};

// Asks the stake program itself (GetMinimumDelegation's return data).
methods.getStakeMinimumDelegation = ([cfg] = []) => {
	const ctx = context(configParam(cfg));
	const t = new web3.Transaction({ recentBlockhash: latestBlockhash(), feePayer: chain.faucet.publicKey });
	t.add(new web3.TransactionInstruction({ programId: new web3.PublicKey(STAKE), keys: [],
		data: Buffer.from([13, 0, 0, 0]) }));
	t.sign(chain.faucet);
	const r = simulate(parseTransaction(t.serialize()), true);
	if (r.err || !r.returnData)
		throw new RpcError(-32603, 'Internal error');
	return { context: ctx, value: Buffer.from(r.returnData.data[0], 'base64').readBigUInt64LE(0) };
};

methods.getFeeForMessage = ([msg, cfg]) => {
	const ctx = context(configParam(cfg));
	let m;
	try {
		const bytes = Buffer.from(typeof msg === 'string' ? msg : '', 'base64');
		m = parseMessage(bytes, 0);
		if (m.end !== bytes.length)
			throw new Error('trailing bytes');
	} catch (e) {
		throw invalidParams(`invalid message: ${e.message}`);
	}
	return { context: ctx, value: blockhashValid(m.blockhash) ? feeFor(m) : null };
};

methods.getRecentPrioritizationFees = ([addresses] = []) => {
	addresses = addresses || [];
	if (!Array.isArray(addresses))
		throw invalidParams('Invalid params: invalid type: expected a sequence.');
	if (addresses.length > 128)
		throw invalidParams('Too many inputs provided; max 128');
	addresses.forEach(pubkeyParam);
	const out = [];
	const first = Math.max(0, chain.slot - MAX_PROCESSING_AGE + 1);
	for (let s = first; s <= chain.slot; s++) {
		const back = chain.slot - s;
		let fee;
		if (back < faults.prioritizationFees.length) {
			fee = faults.prioritizationFees[back];
		} else {
			const txs = (chain.bySlot.get(s) || []).filter((t) => addresses.length === 0 ||
				t.writable.some((k) => addresses.includes(k)));
			fee = txs.length ? txs.reduce((a, t) => (t.price < a ? t.price : a), txs[0].price) : 0n;
		}
		out.push({ slot: s, prioritizationFee: fee });
	}
	return out;
};

methods.getSignatureStatuses = ([sigs, cfg]) => {
	configParam(cfg);
	if (!Array.isArray(sigs))
		throw invalidParams('Invalid params: invalid type: expected a sequence.');
	if (sigs.length > 256)
		throw invalidParams('Too many inputs provided; max 256');
	return { context: context(), value: sigs.map((s) => {
		const b = b58decode(s);
		if (!b || b.length !== 64)
			throw invalidParams('Invalid param: Invalid');
		const rec = chain.records.get(s);
		if (!rec)
			return null;
		return { slot: rec.slot, ...commitmentOf(rec), err: rec.err,
			status: rec.err === null ? { Ok: null } : { Err: rec.err } };
	}) };
};

methods.getSignaturesForAddress = ([address, cfg]) => {
	cfg = configParam(cfg);
	pubkeyParam(address);
	const commitment = commitmentParam(cfg);
	if (commitment === 'processed')
		throw invalidParams('Method does not support commitment below `confirmed`');
	const limit = cfg.limit === undefined || cfg.limit === null ? 1000 : usizeParam(cfg.limit, 'limit');
	if (limit < 1 || limit > 1000)
		throw invalidParams('Invalid limit; max 1000');
	context(cfg);
	let sigs = (chain.byAddress.get(address) || []).filter((s) => visibleAt(chain.records.get(s), commitment)).reverse();
	if (cfg.before) {
		const i = sigs.indexOf(cfg.before);
		sigs = i < 0 ? [] : sigs.slice(i + 1);
	}
	if (cfg.until) {
		const i = sigs.indexOf(cfg.until);
		if (i >= 0)
			sigs = sigs.slice(0, i);
	}
	return sigs.slice(0, limit).map((s) => {
		const rec = chain.records.get(s);
		return { signature: s, slot: rec.slot, err: rec.err, memo: rec.memo, blockTime: rec.blockTime,
			confirmationStatus: commitmentOf(rec).confirmationStatus };
	});
};

function jsonMessage(rec, parsed) {
	const tx = rec.tx;
	const message = {};
	if (parsed) {
		const nStatic = tx.keys.length;
		message.accountKeys = rec.keys.map((k, i) => ({ pubkey: k, signer: i < tx.header.numRequiredSignatures,
			writable: rec.writable[i], source: i < nStatic ? 'transaction' : 'lookupTable' }));
		message.instructions = tx.instructions.map((ix) => ({ programId: rec.keys[ix.programIdIndex],
			accounts: ix.accounts.map((a) => rec.keys[a]), data: b58encode(ix.data), stackHeight: null }));
	} else {
		message.accountKeys = tx.keys;
		message.header = tx.header;
		message.instructions = tx.instructions.map((ix) => ({ programIdIndex: ix.programIdIndex,
			accounts: ix.accounts, data: b58encode(ix.data), stackHeight: null }));
	}
	message.recentBlockhash = tx.blockhash;
	if (tx.version === 0)
		message.addressTableLookups = tx.lookups;
	return { signatures: tx.signatures.map(b58encode), message };
}

methods.getTransaction = ([sig, cfg]) => {
	cfg = configParam(cfg);
	const b = b58decode(sig);
	if (!b || b.length !== 64)
		throw invalidParams('Invalid param: Invalid');
	const commitment = commitmentParam(cfg);
	if (commitment === 'processed')
		throw invalidParams('Method does not support commitment below `confirmed`');
	const encoding = cfg.encoding === undefined ? 'json' : cfg.encoding;
	if (!['json', 'jsonParsed', 'base64', 'base58'].includes(encoding))
		throw invalidParams(`Invalid params: unknown variant \`${encoding}\`.`);
	const rec = chain.records.get(sig);
	if (!rec || !visibleAt(rec, commitment))
		return null;
	const max = cfg.maxSupportedTransactionVersion;
	if (rec.tx.version !== 'legacy' && (max === undefined || max === null || max < rec.tx.version))
		throw new RpcError(-32015, `Transaction version (${rec.tx.version}) is not supported by the requesting client. ` +
			`Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${rec.tx.version}`);
	let transaction;
	if (encoding === 'base64')
		transaction = [rec.tx.bytes.toString('base64'), 'base64'];
	else if (encoding === 'base58')
		transaction = [b58encode(rec.tx.bytes), 'base58'];
	else
		transaction = jsonMessage(rec, encoding === 'jsonParsed');
	const inner = rec.inner.map((g) => (encoding !== 'jsonParsed' ? g : { index: g.index,
		instructions: g.instructions.map((ix) => ({ programId: rec.keys[ix.programIdIndex],
			accounts: ix.accounts.map((a) => rec.keys[a]), data: ix.data, stackHeight: ix.stackHeight })) }));
	const meta = {
		err: rec.err, status: rec.err === null ? { Ok: null } : { Err: rec.err }, fee: rec.fee,
		preBalances: rec.preBalances, postBalances: rec.postBalances, innerInstructions: inner,
		logMessages: rec.logs, preTokenBalances: rec.preTokenBalances, postTokenBalances: rec.postTokenBalances,
		rewards: [], computeUnitsConsumed: rec.unitsConsumed,
	};
	if (encoding !== 'jsonParsed')
		meta.loadedAddresses = rec.loaded;
	if (rec.returnData)
		meta.returnData = rec.returnData;
	const out = { slot: rec.slot, blockTime: rec.blockTime, transaction, meta };
	if (max !== undefined && max !== null)
		out.version = rec.tx.version;
	return out;
};

methods.requestAirdrop = ([pubkey, lamports, cfg]) => {
	context(configParam(cfg));
	const to = new web3.PublicKey(pubkeyParam(pubkey));
	const amount = u64Param(lamports, 'lamports');
	return landBuilt([web3.SystemProgram.transfer({ fromPubkey: chain.faucet.publicKey, toPubkey: to, lamports: amount })],
		[chain.faucet]);
};

methods.simulateTransaction = ([data, cfg]) => {
	cfg = configParam(cfg);
	if (cfg.sigVerify && cfg.replaceRecentBlockhash)
		throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
	let tx = txParam(data, cfg.encoding);
	const ctx = context(cfg);
	let replacementBlockhash = null;
	if (cfg.replaceRecentBlockhash) {
		const bytes = Buffer.from(tx.bytes);
		const blockhash = latestBlockhash();
		b58decode(blockhash).copy(bytes, tx.blockhashOffset);
		tx = parseTransaction(bytes);
		replacementBlockhash = { blockhash, lastValidBlockHeight: chain.blockhashes.get(blockhash) };
	}
	if (cfg.sigVerify && !verifySignatures(tx))
		throw new RpcError(-32003, 'Transaction signature verification failure');
	const r = simulate(tx, !!cfg.sigVerify);
	let accounts = null;
	if (cfg.accounts) {
		const addrs = cfg.accounts.addresses || [];
		if (!Array.isArray(addrs))
			throw invalidParams('Invalid params: accounts.addresses must be a list.');
		const acfg = { encoding: cfg.accounts.encoding || 'base64' };
		if (acfg.encoding === 'binary' || acfg.encoding === 'base58')
			throw invalidParams('base58 encoding not supported');
		if (!r.err) {
			accounts = addrs.map((a) => {
				pubkeyParam(a);
				const p = r.post.find((x) => x.address === a);
				const acct = p ? { lamports: BigInt(p.lamports), data: Buffer.from(p.data), owner: p.programAddress,
					executable: p.executable } : getAcct(a);
				return encodeAccount(acct && (acct.lamports > 0n || acct.data.length) ? acct : null, acfg);
			});
		}
	}
	return { context: ctx, value: { err: r.err, logs: r.logs, accounts, unitsConsumed: r.unitsConsumed,
		returnData: r.returnData, innerInstructions: cfg.innerInstructions ? r.inner : null,
		replacementBlockhash, fee: r.err ? null : feeFor(tx), loadedAccountsDataSize: null } };
};

methods.sendTransaction = ([data, cfg]) => {
	cfg = configParam(cfg);
	const tx = txParam(data, cfg.encoding);
	context(cfg);
	stats.sends++;
	stats.sendsBySignature[tx.signature] = (stats.sendsBySignature[tx.signature] || 0) + 1;
	if (faults.unhealthy)
		throw new RpcError(-32005, 'Node is unhealthy', {});
	if (faults.failSends > 0) {
		faults.failSends--;
		throw new RpcError(-32005, 'Node is behind by 42 slots', { numSlotsBehind: 42 });
	}
	if (!cfg.skipPreflight) {
		if (!verifySignatures(tx))
			throw new RpcError(-32003, 'Transaction signature verification failure');
		const r = simulate(tx, true);
		if (r.err)
			throw new RpcError(-32002, `Transaction simulation failed: ${txErrorText(r.err)}`,
				{ err: r.err, logs: r.logs, accounts: null, unitsConsumed: r.unitsConsumed, returnData: r.returnData,
					innerInstructions: null, replacementBlockhash: null, fee: null, loadedAccountsDataSize: null });
	}
	if (faults.exitAfterSends > 0 && --faults.exitAfterSends === 0) {
		if (faults.exitLanded)
			land(tx);
		saveState();
		exitAfterResponse = true;
		return tx.signature;
	}
	if (faults.dropSends > 0) {
		faults.dropSends--;
		stats.dropped.push(tx.signature);
		return tx.signature;
	}
	if (faults.holdSends > 0) {
		faults.holdSends--;
		stats.held++;
		chain.held.push({ tx, due: chain.slot + faults.holdSlots });
		return tx.signature;
	}
	land(tx); // with skipPreflight a failure shows in the status, as on a cluster
	return tx.signature;
};

// ---------------------------------------------------------------------------
// Test-only methods

function objParam(params) {
	const o = Array.isArray(params) ? params[0] : params;
	if (!o || typeof o !== 'object' || Array.isArray(o))
		throw invalidParams('Invalid params: expected one object.');
	return o;
}

methods.depinctl_setAccount = (params) => {
	const o = objParam(params);
	const pubkey = pubkeyParam(o.pubkey);
	const owner = o.owner === undefined ? SYSTEM : pubkeyParam(o.owner);
	const data = o.data === undefined ? Buffer.alloc(0) : Buffer.from(String(o.data), 'base64');
	setAcct(pubkey, u64Param(o.lamports, 'lamports'), owner, data, o.executable);
	return { pubkey };
};

methods.depinctl_createMint = (params) => {
	const o = objParam(params);
	const programId = o.programId === undefined ? TOKEN : pubkeyParam(o.programId);
	if (!isTokenProgram(programId))
		throw invalidParams('Invalid params: programId must be a token program.');
	const mint = o.mint === undefined ? web3.Keypair.generate().publicKey.toBase58() : pubkeyParam(o.mint);
	const decimals = usizeParam(o.decimals === undefined ? 0 : o.decimals, 'decimals');
	if (decimals > 255)
		throw invalidParams('Invalid params: decimals must be below 256.');
	const d = Buffer.alloc(82);
	d.writeUInt32LE(1, 0);
	b58decode(pubkeyParam(o.mintAuthority)).copy(d, 4);
	d.writeBigUInt64LE(o.supply === undefined ? 0n : u64Param(o.supply, 'supply'), 36);
	d[44] = decimals;
	d[45] = 1;
	if (o.freezeAuthority) {
		d.writeUInt32LE(1, 46);
		b58decode(pubkeyParam(o.freezeAuthority)).copy(d, 50);
	}
	setAcct(mint, svm.minimumBalanceForRentExemption(82n), programId, d, false);
	return { mint };
};

methods.depinctl_mintTo = (params) => {
	const o = objParam(params);
	const mint = pubkeyParam(o.mint), owner = pubkeyParam(o.owner);
	const amount = u64Param(o.amount, 'amount');
	const ma = getAcct(mint);
	const m = tokenMint(ma);
	if (!m)
		throw invalidParams('Invalid params: not a token mint.');
	const account = o.account !== undefined ? pubkeyParam(o.account) : web3.PublicKey.findProgramAddressSync(
		[b58decode(owner), b58decode(ma.owner), b58decode(mint)], new web3.PublicKey(ATA))[0].toBase58();
	const existing = getAcct(account);
	const t = tokenAccount(existing);
	let d;
	if (t) {
		if (t.mint !== mint)
			throw invalidParams('Invalid params: the account holds another mint.');
		d = Buffer.from(existing.data);
		d.writeBigUInt64LE(t.amount + amount, 64);
	} else {
		d = Buffer.alloc(165);
		b58decode(mint).copy(d, 0);
		b58decode(owner).copy(d, 32);
		d.writeBigUInt64LE(amount, 64);
		d[108] = 1; // initialized
	}
	setAcct(account, existing ? existing.lamports : svm.minimumBalanceForRentExemption(165n), ma.owner, d, false);
	const md = Buffer.from(ma.data);
	md.writeBigUInt64LE(m.supply + amount, 36);
	setAcct(mint, ma.lamports, ma.owner, md, false);
	return { account };
};

methods.depinctl_createVoteAccount = (params) => {
	const o = params && (Array.isArray(params) ? params[0] || {} : params);
	const node = web3.Keypair.generate(), vote = web3.Keypair.generate();
	const lamports = svm.minimumBalanceForRentExemption(BigInt(web3.VoteProgram.space));
	const t = web3.VoteProgram.createAccount({ fromPubkey: chain.faucet.publicKey, votePubkey: vote.publicKey,
		voteInit: new web3.VoteInit(node.publicKey, chain.faucet.publicKey, chain.faucet.publicKey,
			usizeParam(o.commission === undefined ? 0 : o.commission, 'commission')),
		lamports: Number(lamports) });
	landBuilt(t.instructions, [chain.faucet, vote, node]);
	return { votePubkey: vote.publicKey.toBase58(), nodePubkey: node.publicKey.toBase58() };
};

methods.depinctl_warp = (params) => {
	const o = objParam(params);
	let n = 0;
	if (o.slots !== undefined)
		n = usizeParam(o.slots, 'slots');
	else if (o.epochs !== undefined)
		n = usizeParam(o.epochs, 'epochs') * opts.slotsPerEpoch;
	else if (o.slot !== undefined)
		n = usizeParam(o.slot, 'slot') - chain.slot;
	if (n < 0)
		throw invalidParams('Invalid params: cannot warp backwards.');
	advance(n);
	return { slot: chain.slot, blockHeight: chain.blockHeight, epoch: epochOf(chain.slot) };
};

const FAULT_KEYS = ['dropSends', 'holdSends', 'holdSlots', 'failSends', 'httpErrors', 'delayMs', 'exitAfterSends'];
methods.depinctl_fault = (params) => {
	const o = objParam(params);
	if (o.reset)
		Object.assign(faults, { dropSends: 0, holdSends: 0, holdSlots: 10, failSends: 0, httpErrors: 0, delayMs: 0,
			unhealthy: false, exitAfterSends: 0, exitLanded: false, prioritizationFees: [] });
	for (const k of FAULT_KEYS)
		if (o[k] !== undefined)
			faults[k] = usizeParam(o[k], k);
	if (o.unhealthy !== undefined)
		faults.unhealthy = !!o.unhealthy;
	if (o.exitLanded !== undefined)
		faults.exitLanded = !!o.exitLanded;
	const { prioritizationFees, ...shown } = faults;
	return shown;
};

methods.depinctl_setPrioritizationFees = (params) => {
	const o = objParam(params);
	if (!Array.isArray(o.fees))
		throw invalidParams('Invalid params: fees must be a list.');
	faults.prioritizationFees = o.fees.map((f) => u64Param(f, 'fee'));
	return { fees: faults.prioritizationFees };
};

// The Helium claims recorded as landed (see "Helium's claim programs").
methods.depinctl_heliumClaims = () => heliumClaims;
methods.depinctl_stats = () => ({ ...stats, heldPending: chain.held.length });

// ---------------------------------------------------------------------------
// State: a fresh chain, or one saved by an earlier run (--state)

function initChain() {
	if (opts.state && fs.existsSync(opts.state) && fs.existsSync(opts.state + '.json')) {
		svm = LiteSVM.loadFromFile(opts.state);
		const s = JSON.parse(fs.readFileSync(opts.state + '.json', 'utf8'),
			(k, v) => (v && typeof v === 'object' && typeof v.$big === 'string' ? BigInt(v.$big) : v));
		Object.assign(chain, { slot: s.slot, blockHeight: s.blockHeight, epochStartTime: s.epochStartTime,
			genesisHash: s.genesisHash, txCount: s.txCount, blockhashes: new Map(s.blockhashes),
			slotTimes: new Map(s.slotTimes), bySlot: new Map(s.bySlot) });
		chain.identity = web3.Keypair.fromSecretKey(Buffer.from(s.identity, 'base64'));
		chain.faucet = web3.Keypair.fromSecretKey(Buffer.from(s.faucet, 'base64'));
		for (const r of s.records) {
			r.tx = parseTransaction(Buffer.from(r.tx, 'base64'));
			chain.records.set(r.tx.signature, r);
			for (const k of new Set(r.keys)) {
				if (!chain.byAddress.has(k))
					chain.byAddress.set(k, []);
				chain.byAddress.get(k).push(r.tx.signature);
			}
		}
		for (const h of s.held)
			chain.held.push({ tx: parseTransaction(Buffer.from(h.tx, 'base64')), due: h.due });
		svm.withBlockhashCheck(false);
		svm.withSigverify(true);
		if (!chain.blockhashes.has(latestBlockhash()))
			newBlockhash();
		return;
	}
	svm = new LiteSVM();
	// Blockhash ages are checked here (150 blocks), not by LiteSVM, which
	// accepts only its latest blockhash.
	svm.withBlockhashCheck(false);
	svm.withSigverify(true);
	svm.setEpochSchedule(new EpochSchedule(BigInt(opts.slotsPerEpoch), BigInt(opts.slotsPerEpoch), false, 0n, 0n));
	chain.identity = web3.Keypair.generate();
	chain.faucet = web3.Keypair.generate();
	setAcct(chain.faucet.publicKey.toBase58(), 1000000n * 1000000000n, SYSTEM, Buffer.alloc(0), false);
	setClock();
	chain.blockhashes.set(latestBlockhash(), chain.blockHeight + MAX_PROCESSING_AGE);
}

function saveState() {
	if (!opts.state)
		return;
	svm.saveToFile(opts.state);
	const s = {
		slot: chain.slot, blockHeight: chain.blockHeight, epochStartTime: chain.epochStartTime,
		genesisHash: chain.genesisHash, txCount: chain.txCount, blockhashes: [...chain.blockhashes],
		slotTimes: [...chain.slotTimes], bySlot: [...chain.bySlot],
		identity: Buffer.from(chain.identity.secretKey).toString('base64'),
		faucet: Buffer.from(chain.faucet.secretKey).toString('base64'),
		records: [...chain.records.values()].map((r) => ({ ...r, tx: r.tx.bytes.toString('base64') })),
		held: chain.held.map((h) => ({ tx: h.tx.bytes.toString('base64'), due: h.due })),
	};
	const tmp = opts.state + '.json.tmp';
	fs.writeFileSync(tmp, JSON.stringify(s, (k, v) => (typeof v === 'bigint' ? { $big: v.toString() } : v)));
	fs.renameSync(tmp, opts.state + '.json');
}

// ---------------------------------------------------------------------------
// JSON-RPC 2.0 over HTTP

function errorResponse(id, code, message, data) {
	const error = { code, message };
	if (data !== undefined)
		error.data = data;
	return { jsonrpc: '2.0', error, id };
}

// Handles one request object; returns the response, or null for a notification.
function handleOne(req) {
	if (!req || typeof req !== 'object' || Array.isArray(req) || req.jsonrpc !== '2.0' ||
	    typeof req.method !== 'string' || (req.id !== undefined && req.id !== null &&
	    typeof req.id !== 'string' && typeof req.id !== 'number'))
		return errorResponse(req && (typeof req.id === 'string' || typeof req.id === 'number') ? req.id : null,
			-32600, 'Invalid request');
	const notification = !('id' in req);
	const id = notification ? null : req.id;
	stats.requests[req.method] = (stats.requests[req.method] || 0) + 1;
	if (opts.verbose)
		process.stderr.write(`solana-validator: ${req.method}\n`);
	const fn = Object.prototype.hasOwnProperty.call(methods, req.method) ? methods[req.method] : null;
	if (!fn)
		return notification ? null : errorResponse(id, -32601, 'Method not found');
	const params = req.params === undefined || req.params === null ? [] : req.params;
	// Solana's methods take positional parameters; the test-only ones also
	// take a bare object.
	if (typeof params !== 'object' || (!Array.isArray(params) && !req.method.startsWith('depinctl_')))
		return notification ? null : errorResponse(id, -32602, 'Invalid params: expected a list.');
	let response;
	try {
		response = { jsonrpc: '2.0', result: fn(params), id };
	} catch (e) {
		if (e instanceof RpcError)
			response = errorResponse(id, e.code, e.message, e.data);
		else
			response = errorResponse(id, -32603, 'Internal error', { message: String(e && e.message) });
	}
	return notification ? null : response;
}

function handleBody(text) {
	let body;
	try {
		body = JSON.parse(text);
	} catch (e) {
		return errorResponse(null, -32700, 'Parse error');
	}
	if (Array.isArray(body)) {
		if (body.length === 0)
			return errorResponse(null, -32600, 'Invalid request');
		const out = body.map(handleOne).filter((r) => r !== null);
		return out.length ? out : null;
	}
	return handleOne(body);
}

const server = http.createServer((req, res) => {
	if (req.method === 'GET' && req.url === '/health') {
		res.writeHead(200, { 'Content-Type': 'text/plain' });
		res.end(faults.unhealthy ? 'behind' : 'ok');
		return;
	}
	if (req.method !== 'POST') {
		res.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'POST' });
		res.end('Used HTTP Method is not allowed. POST or OPTIONS is required\n');
		return;
	}
	const chunks = [];
	let size = 0;
	req.on('data', (c) => {
		size += c.length;
		if (size > 50 * 1024 * 1024)
			req.destroy();
		else
			chunks.push(c);
	});
	req.on('end', () => {
		if (faults.httpErrors > 0) {
			faults.httpErrors--;
			res.writeHead(503, { 'Content-Type': 'text/plain' });
			res.end('Service Unavailable\n');
			return;
		}
		const out = handleBody(Buffer.concat(chunks).toString('utf8'));
		const reply = () => {
			if (out === null) { // notifications only
				res.writeHead(204);
				res.end();
			} else {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(toJson(out) + '\n');
			}
			if (exitAfterResponse) {
				process.stderr.write('solana-validator: exiting after sendTransaction (exitAfterSends fault)\n');
				res.on('finish', () => process.exit(0));
				setTimeout(() => process.exit(0), 200).unref();
			}
		};
		if (faults.delayMs > 0)
			setTimeout(reply, faults.delayMs);
		else
			reply();
	});
});

// ---------------------------------------------------------------------------
// Life cycle

let stopping = false;
function shutdown(code) {
	if (stopping)
		return;
	stopping = true;
	try {
		saveState();
	} catch (e) {
		process.stderr.write(`solana-validator: could not save the state: ${e.message}\n`);
	}
	server.close();
	process.exit(code);
}

initChain();
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'])
	process.on(sig, () => shutdown(0));

// Stdin at end-of-file: the parent closed its end of the pipe (or died).
// Only a pipe or socket counts; /dev/null would end at once.
try {
	const st = fs.fstatSync(0);
	if (st.isFIFO() || st.isSocket()) {
		process.stdin.on('end', () => shutdown(0));
		process.stdin.on('error', () => shutdown(0));
		process.stdin.resume();
	}
} catch (e) { /* no stdin */ }

// The parent died: we were re-parented.
const parentPid = process.ppid;
setInterval(() => {
	if (process.ppid !== parentPid)
		shutdown(0);
}, 500).unref();

server.on('error', (e) => {
	process.stderr.write(`solana-validator: ${e.message}\n`);
	process.exit(1);
});
server.listen(opts.port, '127.0.0.1', () => {
	process.stdout.write(`listening ${server.address().port}\n`);
	if (opts.slotMs > 0) {
		setInterval(() => {
			try {
				advance(1);
			} catch (e) {
				process.stderr.write(`solana-validator: slot ${chain.slot}: ${e.stack || e}\n`);
			}
		}, opts.slotMs);
	}
});
