// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20Transfer {
	function transfer(address to, uint256 value) external returns (bool);
}

/// @title MerkleDistributor: depinctl's own implementation of Uniswap's
/// MerkleDistributor interface: token(), merkleRoot(), isClaimed(index) and
/// claim(index, account, amount, merkleProof), leaves
/// keccak256(abi.encodePacked(index, account, amount)), sorted-pair proofs,
/// a claimed bitmap, the Claimed event.
contract MerkleDistributor {
	address public immutable token;
	bytes32 public immutable merkleRoot;
	mapping(uint256 => uint256) private claimedBitMap;

	event Claimed(uint256 index, address account, uint256 amount);

	constructor(address token_, bytes32 merkleRoot_) {
		token = token_;
		merkleRoot = merkleRoot_;
	}

	function isClaimed(uint256 index) public view returns (bool) {
		uint256 word = claimedBitMap[index / 256];
		uint256 mask = (1 << (index % 256));
		return word & mask == mask;
	}

	function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external {
		require(!isClaimed(index), "MerkleDistributor: Drop already claimed.");
		bytes32 node = keccak256(abi.encodePacked(index, account, amount));
		for (uint256 i = 0; i < merkleProof.length; i++) {
			bytes32 p = merkleProof[i];
			node = node <= p ? keccak256(abi.encodePacked(node, p)) : keccak256(abi.encodePacked(p, node));
		}
		require(node == merkleRoot, "MerkleDistributor: Invalid proof.");
		claimedBitMap[index / 256] |= (1 << (index % 256));
		require(IERC20Transfer(token).transfer(account, amount), "MerkleDistributor: Transfer failed.");
		emit Claimed(index, account, amount);
	}
}
