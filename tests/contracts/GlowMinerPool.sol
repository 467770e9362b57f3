// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface GlowPayToken {
	function transfer(address to, uint256 value) external returns (bool);
}

/// @title GlowMinerPool: depinctl's own stand-in for the claim side of Glow's
/// GCA and miner pool contract in the integration tests. It keeps the real
/// claimRewardFromBucket(uint256,uint256,uint256,bytes32[],uint256,address,
/// bool,bytes) signature and its rules as Glow documents them: a bucket's
/// report at `index` holds a Merkle root whose leaves are
/// keccak256(abi.encodePacked(payoutWallet, glwWeight, usdcWeight)), proofs
/// hash sorted pairs, a wallet claims a bucket once (a bitmap), a caller other
/// than the user needs the user's signature (not supported here: refused),
/// and a bucket without a report is not finalized. The GLW paid is the
/// bucket's GLW times glwWeight over the bucket's total weight; USDC is left
/// out. The deployer (the GCA) posts buckets.
contract GlowMinerPool {
	error InvalidProof();
	error UserAlreadyClaimed();
	error BucketNotFinalized();
	error SignatureDoesNotMatchUser();
	error NotGCA();

	struct Report {
		bytes32 root;
		uint256 glw;
		uint256 totalGlwWeight;
	}

	address public immutable glow;
	address public immutable gca;
	mapping(uint256 => mapping(uint256 => Report)) private reports;
	mapping(address => mapping(uint256 => uint256)) private claimedBitmap;

	event RewardClaimed(uint256 indexed bucketId, address indexed user, uint256 glwWeight, uint256 usdcWeight, uint256 glw);

	constructor(address glow_) {
		glow = glow_;
		gca = msg.sender;
	}

	function postReport(uint256 bucketId, uint256 index, bytes32 root, uint256 glw, uint256 totalGlwWeight) external {
		if (msg.sender != gca) revert NotGCA();
		reports[bucketId][index] = Report(root, glw, totalGlwWeight);
	}

	function bucketRoot(uint256 bucketId, uint256 index) external view returns (bytes32) {
		return reports[bucketId][index].root;
	}

	function hasUserClaimedFromBucket(uint256 bucketId, address user) public view returns (bool) {
		return claimedBitmap[user][bucketId / 256] & (1 << (bucketId % 256)) != 0;
	}

	function claimRewardFromBucket(
		uint256 bucketId,
		uint256 glwWeight,
		uint256 usdcWeight,
		bytes32[] calldata proof,
		uint256 index,
		address user,
		bool claimFromInflation,
		bytes memory signature
	) external {
		claimFromInflation;
		signature;
		if (msg.sender != user) revert SignatureDoesNotMatchUser();
		Report memory r = reports[bucketId][index];
		if (r.root == bytes32(0)) revert BucketNotFinalized();
		bytes32 h = keccak256(abi.encodePacked(user, glwWeight, usdcWeight));
		for (uint256 i = 0; i < proof.length; i++)
			h = h <= proof[i] ? keccak256(abi.encodePacked(h, proof[i])) : keccak256(abi.encodePacked(proof[i], h));
		if (h != r.root) revert InvalidProof();
		if (hasUserClaimedFromBucket(bucketId, user)) revert UserAlreadyClaimed();
		claimedBitmap[user][bucketId / 256] |= 1 << (bucketId % 256);
		uint256 glw = r.totalGlwWeight == 0 ? 0 : (r.glw * glwWeight) / r.totalGlwWeight;
		if (glw > 0) require(GlowPayToken(glow).transfer(user, glw), "GlowMinerPool: transfer failed");
		emit RewardClaimed(bucketId, user, glwWeight, usdcWeight, glw);
	}
}
