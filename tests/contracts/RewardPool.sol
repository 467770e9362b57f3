// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20Min {
	function transfer(address to, uint256 value) external returns (bool);
}

/// @title RewardPool: depinctl's test double of WeatherXM's RewardPool (Arbitrum).
/// @notice The interface depinctl calls is WeatherXM's: roots(cycle), cycle(),
/// claims(account), claimedRewards(), getRemainingAllocatedRewards(...) and
/// claim(amount, totalRewards, cycle, proof), with cumulative OpenZeppelin
/// StandardMerkleTree leaves keccak256(bytes.concat(keccak256(abi.encode(account,
/// totalRewards)))) and sorted-pair proofs. Root submission is simplified: the
/// deployer submits a root for the current cycle and the cycle advances.
contract RewardPool {
	IERC20Min public immutable token;
	address public immutable distributor;
	uint256 public cycle;
	uint256 public claimedRewards;
	mapping(uint256 => bytes32) public roots;
	mapping(address => uint256) public claims;

	error AmountRequestedIsZero();
	error TotalRewardsAreZero();
	error AmountIsOverAvailableRewardsToClaim();

	event SubmittedRootHash(uint256 cycle, bytes32 root);
	event Claimed(address indexed account, uint256 amount);

	constructor(address token_) {
		token = IERC20Min(token_);
		distributor = msg.sender;
	}

	function submitMerkleRoot(bytes32 root) external returns (bool) {
		require(msg.sender == distributor, "RewardPool: only the distributor");
		roots[cycle] = root;
		cycle++;
		emit SubmittedRootHash(cycle, root);
		return true;
	}

	function _verify(address account, uint256 total, uint256 cycle_, bytes32[] calldata proof) internal view {
		bytes32 node = keccak256(bytes.concat(keccak256(abi.encode(account, total))));
		for (uint256 i = 0; i < proof.length; i++) {
			bytes32 p = proof[i];
			node = node < p ? keccak256(abi.encodePacked(node, p)) : keccak256(abi.encodePacked(p, node));
		}
		require(node == roots[cycle_], "INVALID PROOF");
	}

	function getRemainingAllocatedRewards(address account, uint256 amount, uint256 cycle_, bytes32[] calldata proof)
		public view returns (uint256)
	{
		if (amount == 0)
			revert AmountRequestedIsZero();
		_verify(account, amount, cycle_, proof);
		return claims[account] < amount ? amount - claims[account] : 0;
	}

	function claim(uint256 amount, uint256 totalRewards, uint256 cycle_, bytes32[] calldata proof) external {
		if (totalRewards == 0)
			revert TotalRewardsAreZero();
		if (amount == 0)
			revert AmountRequestedIsZero();
		if (amount > getRemainingAllocatedRewards(msg.sender, totalRewards, cycle_, proof))
			revert AmountIsOverAvailableRewardsToClaim();
		claims[msg.sender] += amount;
		claimedRewards += amount;
		require(token.transfer(msg.sender, amount), "RewardPool: transfer failed");
		emit Claimed(msg.sender, amount);
	}
}
