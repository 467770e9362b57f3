// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestToken: depinctl's own minimal ERC-20 for the integration tests.
/// @notice Name, symbol and decimals are set by the constructor, which mints
/// the initial supply to the deployer. transfer, approve, transferFrom and
/// allowance follow EIP-20 and emit its Transfer and Approval events; failures
/// revert with a reason string. The deployer may mint more (tests fund
/// accounts that way).
contract TestToken {
	string public name;
	string public symbol;
	uint8 public immutable decimals;
	address public immutable owner;
	uint256 public totalSupply;
	mapping(address => uint256) public balanceOf;
	mapping(address => mapping(address => uint256)) public allowance;

	event Transfer(address indexed from, address indexed to, uint256 value);
	event Approval(address indexed owner, address indexed spender, uint256 value);

	constructor(string memory name_, string memory symbol_, uint8 decimals_, uint256 initialSupply) {
		name = name_;
		symbol = symbol_;
		decimals = decimals_;
		owner = msg.sender;
		_mint(msg.sender, initialSupply);
	}

	function transfer(address to, uint256 value) external returns (bool) {
		_move(msg.sender, to, value);
		return true;
	}

	function approve(address spender, uint256 value) external returns (bool) {
		require(spender != address(0), "TestToken: approve to the zero address");
		allowance[msg.sender][spender] = value;
		emit Approval(msg.sender, spender, value);
		return true;
	}

	function transferFrom(address from, address to, uint256 value) external returns (bool) {
		uint256 allowed = allowance[from][msg.sender];
		require(allowed >= value, "TestToken: insufficient allowance");
		if (allowed != type(uint256).max) {
			unchecked {
				allowance[from][msg.sender] = allowed - value;
			}
		}
		_move(from, to, value);
		return true;
	}

	function mint(address to, uint256 value) external {
		require(msg.sender == owner, "TestToken: only the owner mints");
		_mint(to, value);
	}

	function _mint(address to, uint256 value) private {
		require(to != address(0), "TestToken: mint to the zero address");
		totalSupply += value;
		unchecked {
			balanceOf[to] += value; // cannot overflow: bounded by totalSupply
		}
		emit Transfer(address(0), to, value);
	}

	function _move(address from, address to, uint256 value) private {
		require(to != address(0), "TestToken: transfer to the zero address");
		uint256 balance = balanceOf[from];
		require(balance >= value, "TestToken: insufficient balance");
		unchecked {
			balanceOf[from] = balance - value;
			balanceOf[to] += value; // cannot overflow: bounded by totalSupply
		}
		emit Transfer(from, to, value);
	}
}
