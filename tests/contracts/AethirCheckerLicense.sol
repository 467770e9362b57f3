// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AethirCheckerLicense: depinctl's own stand-in for Aethir's checker
/// node license NFT (an enumerable ERC-721 on Arbitrum) in the integration
/// tests. It implements the read calls depinctl makes, with their real
/// selectors: balanceOf(address), ownerOf(uint256) and
/// tokenOfOwnerByIndex(address,uint256) of ERC-721 Enumerable, and emits the
/// standard Transfer event. The deployer mints; holders transfer.
contract AethirCheckerLicense {
	address public immutable minter;
	mapping(uint256 => address) public ownerOf;
	mapping(address => uint256[]) private held;
	mapping(uint256 => uint256) private indexOf;

	event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

	constructor() {
		minter = msg.sender;
	}

	function balanceOf(address owner) external view returns (uint256) {
		require(owner != address(0), "ERC721: address zero is not a valid owner");
		return held[owner].length;
	}

	function tokenOfOwnerByIndex(address owner, uint256 index) external view returns (uint256) {
		require(index < held[owner].length, "ERC721Enumerable: owner index out of bounds");
		return held[owner][index];
	}

	function mint(address to, uint256 tokenId) external {
		require(msg.sender == minter, "AethirCheckerLicense: not the minter");
		require(ownerOf[tokenId] == address(0), "AethirCheckerLicense: token exists");
		_add(to, tokenId);
		emit Transfer(address(0), to, tokenId);
	}

	function transferFrom(address from, address to, uint256 tokenId) external {
		require(ownerOf[tokenId] == from && msg.sender == from, "AethirCheckerLicense: not the owner");
		_remove(from, tokenId);
		_add(to, tokenId);
		emit Transfer(from, to, tokenId);
	}

	function _add(address to, uint256 tokenId) private {
		ownerOf[tokenId] = to;
		indexOf[tokenId] = held[to].length;
		held[to].push(tokenId);
	}

	function _remove(address from, uint256 tokenId) private {
		uint256 i = indexOf[tokenId];
		uint256 last = held[from][held[from].length - 1];
		held[from][i] = last;
		indexOf[last] = i;
		held[from].pop();
	}
}
