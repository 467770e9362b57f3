#!/usr/bin/env node
// A Helium fleet for helium-read.sh and bench/helium-list.sh, made at test time.
//
//   node helium-read-fleet.js files DIR N OWNER
//       DIR/routes.json + replies: DAS searchAssets pages (1000 a page) of N
//       hotspots owned by OWNER, the Entity API's /v2/wallet/OWNER and
//       /v2/hotspots/pagination-metadata, three oracles' /bulk-rewards
//       (oracle1/2/3.test, disagreeing: +0, +5, -3 around the figure, so the
//       median is the figure), and DIR/expected.json (per asset: name,
//       subnetwork, location, lifetime, pending; the metrics).
//   node helium-read-fleet.js chain RPC_URL SERVER_URL N
//       loads into the LiteSVM validator, laid out by Anchor's coder with
//       Helium's IDLs: the HNT LazyDistributorV0 (oracles at SERVER_URL),
//       a RecipientV0 for three hotspots in four (total_rewards below the
//       oracles' figure), DaoEpochInfoV0 and IOT / MOBILE SubDaoEpochInfoV0
//       of the last 32 epochs.
//   node helium-read-fleet.js iot RPC_URL SERVER_URL
//       adds the IOT LazyDistributorV0 (one oracle: oracle3).
// Amounts above 2^53 are used on purpose (exactness).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const anchor = require('@coral-xyz/anchor');
const { PublicKey } = require('@solana/web3.js');
const { load } = require('../fixtures/helium/idl.js');
const BN = anchor.BN;
const bs58 = anchor.utils.bytes.bs58;

const HNT = new PublicKey('hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux');
const IOT = new PublicKey('iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns');
const MOBILE = new PublicKey('mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6');
const LD_ID = new PublicKey('1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w');
const HSD_ID = new PublicKey('hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR');
const CREATOR = 'Fv5hf1Fg58htfC7YEXKNEfkpuogUUQDDTLgjGWxxv48H';

const sha = (s) => crypto.createHash('sha256').update(s).digest();
const ADJ = ['Funny', 'Quiet', 'Brave', 'Tall', 'Shiny', 'Gentle', 'Rapid', 'Sleepy'];
const COL = ['Purple', 'Amber', 'Teal', 'Crimson', 'Ivory', 'Olive', 'Azure'];
const ANI = ['Fox', 'Owl', 'Otter', 'Lynx', 'Badger', 'Heron', 'Moose', 'Gecko', 'Walrus', 'Falcon', 'Bison'];
const CITY = [['Berlin', 'Berlin', 'Germany', 52.52, 13.405], ['Austin', 'Texas', 'United States', 30.267, -97.743],
	['Lisbon', 'Lisbon', 'Portugal', 38.722, -9.139], ['Osaka', 'Osaka', 'Japan', 34.694, 135.502]];

function hotspot(i) {
	const asset = new PublicKey(sha('asset' + i));
	const ecc = bs58.encode(Buffer.concat([Buffer.from([0, 1]), sha('ecc' + i)]));
	const name = `${ADJ[i % ADJ.length]} ${COL[(i >> 3) % COL.length]} ${ANI[i % ANI.length]}${i >= 12 ? ' ' + i : ''}`;
	const sub = i % 3 === 2 ? 'mobile' : 'iot';
	const both = i === 0;
	const city = CITY[i % CITY.length];
	const offline = i === 3 || i === 7;
	// the oracles' figure (lifetime): above 2^53 for even hotspots
	const lifetime = (i % 2 === 0 ? 9007199254740993n : 123456789n) + BigInt(i) * 1000003n;
	const hasRecipient = i % 4 !== 3;
	const total = hasRecipient ? lifetime - BigInt(i + 1) * 100000n : 0n;
	return { i, asset, ecc, name, sub, both, city, offline, lifetime, hasRecipient, total };
}

function files(dir, n, owner) {
	fs.mkdirSync(dir, { recursive: true });
	const routes = [];
	const expected = { hotspots: {} };
	const pages = Math.floor(n / 1000) + 1; // the last page is short (or empty)
	for (let p = 1; p <= pages; p++) {
		const items = [];
		for (let i = (p - 1) * 1000; i < Math.min(n, p * 1000); i++) {
			const h = hotspot(i);
			items.push({
				interface: 'V1_NFT', id: h.asset.toBase58(),
				content: { $schema: 'https://schema.metaplex.com/nft1.0.json', json_uri: `https://entities.nft.helium.io/${h.ecc}`,
					metadata: { name: h.name.toLowerCase().replace(/ /g, '-'), symbol: 'HOTSPOT' } },
				compression: { compressed: true, tree: new PublicKey(sha('tree')).toBase58(), leaf_id: i },
				creators: [{ address: CREATOR, share: 100, verified: true }],
				ownership: { owner, delegated: false, frozen: false, ownership_model: 'single' },
				burnt: false, mutable: true,
			});
		}
		const file = `das-page-${p}.json`;
		fs.writeFileSync(path.join(dir, file), JSON.stringify({ total: items.length, limit: 1000, page: p, items }));
		routes.push({ path: '/das.test/', rpc: 'searchAssets', params: `"ownerAddress":"${owner}"`, file, pageParam: p });
	}
	// make the page routes specific
	for (const r of routes) {
		r.params = `"page":${r.pageParam},`;
		delete r.pageParam;
	}
	routes.unshift({ path: '/das.test/', rpc: 'searchAssets', params: '"ownerAddress":"11111111111111111111111111111111"',
		reply: { total: 0, limit: 1000, page: 1, items: [] } });
	const wallet = [];
	const oracle = [{}, {}, {}];
	for (let i = 0; i < n; i++) {
		const h = hotspot(i);
		const info = (on, active) => on ? {
			address: h.asset.toBase58(), asset: h.asset.toBase58(), location: (0x8c2a100d2c5b1ffn + BigInt(i)).toString(16),
			elevation: 10, gain: 12, is_full_hotspot: true, num_location_asserts: 1, is_active: active,
			dc_onboarding_fee_paid: '4000000', created_at: new Date(Date.UTC(2023, 3, 18) + i * 3600e3).toISOString(),
			city: h.city[0], state: h.city[1], country: h.city[2], lat: h.city[3] + i * 1e-4, long: h.city[4] - i * 1e-4,
		} : { location: null };
		wallet.push({
			name: h.name, description: 'A Rewardable NFT on Helium', asset_id: h.asset.toBase58(),
			key_to_asset_key: new PublicKey(sha('kta' + i)).toBase58(), entity_key_str: h.ecc, key_serialization: 'b58',
			hotspot_infos: { iot: info(h.sub === 'iot' || h.both, !h.offline), mobile: info(h.sub === 'mobile' || h.both, !h.offline) },
			attributes: [{ trait_type: 'entity_key_string', value: h.ecc }],
		});
		oracle[0][h.ecc] = h.lifetime.toString();
		oracle[1][h.ecc] = (h.lifetime + 5n).toString();
		oracle[2][h.ecc] = (h.lifetime - 3n).toString();
		expected.hotspots[h.asset.toBase58()] = {
			name: h.name, kind: h.both ? 'iot+mobile hotspot' : `${h.sub} hotspot`, location: `${h.city[0]}, ${h.city[0] === h.city[1] ? h.city[2] : h.city[1]}`,
			status: h.offline ? 'offline' : 'online', lifetime: h.lifetime.toString(), pending: (h.lifetime - h.total).toString(),
			onboarded: Math.floor((Date.UTC(2023, 3, 18) + i * 3600e3) / 1000),
		};
	}
	fs.writeFileSync(path.join(dir, 'wallet.json'), JSON.stringify({ hotspots_count: n, hotspots: wallet, balances: [] }));
	routes.push({ path: `/entities.test/v2/wallet/${owner}`, method: 'GET', file: 'wallet.json' });
	routes.push({ path: '/entities.test/v2/wallet/11111111111111111111111111111111', method: 'GET',
		reply: { hotspots_count: 0, hotspots: [], balances: [] } });
	routes.push({ path: '/entities.test/v2/hotspots/pagination-metadata?subnetwork=iot', method: 'GET',
		reply: { pageSize: 10000, totalItems: 372001, totalPages: 38 } });
	routes.push({ path: '/entities.test/v2/hotspots/pagination-metadata?subnetwork=mobile', method: 'GET',
		reply: { pageSize: 10000, totalItems: 28750, totalPages: 3 } });
	routes.push({ path: '/oracle1.test/active-devices', method: 'GET', reply: { count: 8123 } });
	// The oracle answers about the keys it is asked for: the whole fleet's
	// figures in one file (a real oracle answers only those asked; extra
	// keys are ignored by depinctl).
	for (let k = 0; k < 3; k++) {
		fs.writeFileSync(path.join(dir, `oracle${k + 1}.json`), JSON.stringify({ currentRewards: oracle[k] }));
		routes.push({ path: `/oracle${k + 1}.test/bulk-rewards`, method: 'POST', body: '"entityKeys"', file: `oracle${k + 1}.json` });
	}
	fs.writeFileSync(path.join(dir, 'routes.json'), JSON.stringify({ routes }, null, 1));
	expected.metrics = { emissions_24h: 20547.94520548, emissions_30d: 30 * 20547.94520548,
		data_credits_burned_24h: 4e9, data_credits_burned_30d: 30 * 4e9, revenue_usd_24h: 40000 };
	fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected));
}

async function chain(rpcUrl, serverUrl, n) {
	let id = 0;
	const call = async (method, params) => {
		const r = await fetch(rpcUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) });
		const j = await r.json();
		if (j.error)
			throw new Error(`${method}: ${JSON.stringify(j.error)}`);
		return j.result;
	};
	const set = (pubkey, owner, data) => call('depinctl_setAccount',
		{ pubkey: pubkey.toBase58(), lamports: 10000000, owner: owner.toBase58(), data: data.toString('base64') });
	const ldc = new anchor.BorshAccountsCoder(load('lazy_distributor'));
	const hsd = new anchor.BorshAccountsCoder(load('helium_sub_daos'));
	const ld = PublicKey.findProgramAddressSync([Buffer.from('lazy_distributor'), HNT.toBuffer()], LD_ID)[0];
	await set(ld, LD_ID, await ldc.encode('lazyDistributorV0', {
		version: 1, rewardsMint: HNT, rewardsEscrow: new PublicKey(sha('escrow')), authority: new PublicKey(sha('auth')),
		oracles: [1, 2, 3].map((k) => ({ oracle: new PublicKey(sha('oracle' + k)), url: `${serverUrl}/oracle${k}.test` })),
		bumpSeed: 255, approver: null,
	}));
	const jobs = [];
	for (let i = 0; i < n; i++) {
		const h = hotspot(i);
		if (!h.hasRecipient)
			continue;
		const rk = PublicKey.findProgramAddressSync([Buffer.from('recipient'), ld.toBuffer(), h.asset.toBuffer()], LD_ID)[0];
		jobs.push(async () => set(rk, LD_ID, await ldc.encode('recipientV0', {
			lazyDistributor: ld, asset: h.asset, totalRewards: new BN(h.total.toString()), currentConfigVersion: 0,
			currentRewards: [null, null, null], bumpSeed: 255, reserved: new BN(0), destination: PublicKey.default,
		})));
	}
	const dao = PublicKey.findProgramAddressSync([Buffer.from('dao'), HNT.toBuffer()], HSD_ID)[0];
	const subs = [IOT, MOBILE].map((m) => PublicKey.findProgramAddressSync([Buffer.from('sub_dao'), m.toBuffer()], HSD_ID)[0]);
	const cur = Math.floor(Date.now() / 1000 / 86400);
	const le = (e) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(e)); return b; };
	const zero = PublicKey.default;
	for (let e = cur - 32; e <= cur; e++) {
		const dk = PublicKey.findProgramAddressSync([Buffer.from('dao_epoch_info'), dao.toBuffer(), le(e)], HSD_ID)[0];
		jobs.push(async () => set(dk, HSD_ID, await hsd.encode('daoEpochInfoV0', {
			doneCalculatingScores: true, epoch: new BN(e), dao, totalRewards: new BN('2054794520548'),
			currentHntSupply: new BN('17900000000000000'), totalUtilityScore: new BN(0), numUtilityScoresCalculated: 2,
			numRewardsIssued: 2, doneIssuingRewards: e < cur, doneIssuingHstPool: true, bumpSeed: 255,
			recentProposals: [0, 1, 2, 3].map(() => ({ proposal: zero, ts: new BN(0) })),
			delegationRewardsIssued: new BN(0), vehntAtEpochStart: new BN(0), cumulativeNotEmitted: new BN(0),
			notEmitted: new BN(0), smoothedHntBurned: new BN('1000000000000'), deployerCapHnt: new BN(0),
		})));
		subs.forEach((sd, k) => {
			const sk = PublicKey.findProgramAddressSync([Buffer.from('sub_dao_epoch_info'), sd.toBuffer(), le(e)], HSD_ID)[0];
			jobs.push(async () => set(sk, HSD_ID, await hsd.encode('subDaoEpochInfoV0', {
				epoch: new BN(e), subDao: sd, dcBurned: new BN(k ? 3000000000 : 1000000000), vehntAtEpochStart: new BN(0),
				vehntInClosingPositions: new BN(0), fallRatesFromClosingPositions: new BN(0), delegationRewardsIssued: new BN(0),
				utilityScore: null, rewardsIssuedAt: null, bumpSeed: 255, initialized: true, dcOnboardingFeesPaid: new BN(0),
				hntRewardsIssued: new BN(0), previousPercentage: 0,
			})));
		});
	}
	// 32 at a time
	let next = 0;
	await Promise.all(Array.from({ length: 32 }, async () => {
		while (next < jobs.length)
			await jobs[next++]();
	}));
}

// The IOT lazy distributor (one oracle: oracle3), no IOT recipients.
async function iot(rpcUrl, serverUrl) {
	const ldc = new anchor.BorshAccountsCoder(load('lazy_distributor'));
	const ld = PublicKey.findProgramAddressSync([Buffer.from('lazy_distributor'), IOT.toBuffer()], LD_ID)[0];
	const data = await ldc.encode('lazyDistributorV0', {
		version: 1, rewardsMint: IOT, rewardsEscrow: new PublicKey(sha('escrow-iot')), authority: new PublicKey(sha('auth')),
		oracles: [{ oracle: new PublicKey(sha('oracle3')), url: `${serverUrl}/oracle3.test` }], bumpSeed: 255, approver: null,
	});
	const r = await fetch(rpcUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'depinctl_setAccount',
			params: { pubkey: ld.toBase58(), lamports: 10000000, owner: LD_ID.toBase58(), data: data.toString('base64') } }) });
	const j = await r.json();
	if (j.error)
		throw new Error(JSON.stringify(j.error));
}

const [mode, a, b, c] = process.argv.slice(2);
if (mode === 'files')
	files(a, Number(b), c);
else if (mode === 'chain')
	chain(a, b, Number(c)).catch((e) => { console.error(String(e.stack || e)); process.exit(1); });
else if (mode === 'iot')
	iot(a, b).catch((e) => { console.error(String(e.stack || e)); process.exit(1); });
else {
	console.error('usage: helium-read-fleet.js files DIR N OWNER | chain RPC_URL SERVER_URL N');
	process.exit(2);
}
