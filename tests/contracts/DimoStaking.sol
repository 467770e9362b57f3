// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20From {
	function transferFrom(address from, address to, uint256 value) external returns (bool);
	function transfer(address to, uint256 value) external returns (bool);
}

/// @title MockVehicleId: a minimal stand-in for DIMO's Vehicle ID registry
/// (exists, ownerOf); the deployer mints vehicle ids to owners.
contract MockVehicleId {
	address public immutable admin;
	mapping(uint256 => address) private owners;

	constructor() {
		admin = msg.sender;
	}

	function mint(address to, uint256 id) external {
		require(msg.sender == admin, "MockVehicleId: only the admin");
		owners[id] = to;
	}

	function exists(uint256 id) external view returns (bool) {
		return owners[id] != address(0);
	}

	function ownerOf(uint256 id) external view returns (address) {
		require(owners[id] != address(0), "MockVehicleId: no such vehicle");
		return owners[id];
	}
}

/// @title DimoStaking: depinctl's test double of DIMO's Staking contract
/// (earnings-boost, Polygon) with its interface: stake(level, vehicleId),
/// upgradeStake(stakeId, level, vehicleId), extendStaking(stakeId),
/// withdraw(stakeId), attachVehicle(stakeId, vehicleId), detachVehicle(vehicleId),
/// stakingLevels(level), stakeIdToStakingData(stakeId), vehicleIdToStakeId,
/// ownerOf(stakeId), its events and custom errors. The levels are DIMO's
/// (500 / 1500 / 4000 DIMO locked 180 / 365 / 730 days). Differences: the
/// tokens stay in this contract (no per-staker beacon) and stake ids are not
/// transferable NFTs.
contract DimoStaking {
	struct StakingLevel {
		uint256 amount;
		uint256 lockPeriod;
		uint256 points;
	}
	struct StakingData {
		uint8 level;
		uint256 amount;
		uint256 lockEndTime;
		uint256 vehicleId;
	}

	uint8 constant MAX_STAKING_LEVEL = 2;
	address public immutable dimoToken;
	address public immutable vehicleIdProxy;
	uint256 public currentStakeId;
	mapping(uint256 => StakingLevel) private levels;
	mapping(uint256 => StakingData) private data;
	mapping(uint256 => address) private owners;
	mapping(uint256 => uint256) public vehicleIdToStakeId;

	event Staked(address indexed user, uint256 indexed stakeId, address indexed stakingBeacon, uint8 level,
		     uint256 amount, uint256 lockEndTime);
	event Withdrawn(address indexed user, uint256 indexed stakeId, uint256 amount);
	event VehicleAttached(address indexed user, uint256 indexed stakeId, uint256 indexed vehicleId);
	event VehicleDetached(address indexed user, uint256 indexed stakeId, uint256 indexed vehicleId);
	event StakingExtended(address indexed user, uint256 indexed stakeId, uint256 newLockEndTime);

	error InvalidStakingLevel(uint8 level);
	error InvalidStakeId(uint256 stakeId);
	error TokensStillLocked(uint256 stakeId);
	error Unauthorized(address addr, uint256 vehicleId);
	error InvalidVehicleId(uint256 vehicleId);
	error NoActiveStaking();
	error VehicleAlreadyAttached(uint256 vehicleId);

	constructor(address dimoToken_, address vehicleIdProxy_) {
		dimoToken = dimoToken_;
		vehicleIdProxy = vehicleIdProxy_;
		levels[0] = StakingLevel(500 ether, 180 days, 1000);
		levels[1] = StakingLevel(1500 ether, 365 days, 2000);
		levels[2] = StakingLevel(4000 ether, 730 days, 3000);
	}

	function ownerOf(uint256 stakeId) public view returns (address) {
		address o = owners[stakeId];
		if (o == address(0))
			revert InvalidStakeId(stakeId);
		return o;
	}

	function stakingLevels(uint8 level) external view returns (StakingLevel memory) {
		return levels[level];
	}

	function stakeIdToStakingData(uint256 stakeId) external view returns (StakingData memory) {
		return data[stakeId];
	}

	function _active(uint256 vehicleId) internal view returns (bool) {
		uint256 id = vehicleIdToStakeId[vehicleId];
		return id != 0 && data[id].vehicleId == vehicleId && block.timestamp <= data[id].lockEndTime;
	}

	function _attach(uint256 stakeId, uint256 vehicleId) internal {
		if (!MockVehicleId(vehicleIdProxy).exists(vehicleId))
			revert InvalidVehicleId(vehicleId);
		uint256 other = vehicleIdToStakeId[vehicleId];
		if (other == stakeId || (other != 0 && _active(vehicleId)))
			revert VehicleAlreadyAttached(vehicleId);
		if (other != 0) {
			delete data[other].vehicleId;
			emit VehicleDetached(owners[other], other, vehicleId);
		}
		uint256 cur = data[stakeId].vehicleId;
		if (cur != 0) {
			delete vehicleIdToStakeId[cur];
			emit VehicleDetached(msg.sender, stakeId, cur);
		}
		vehicleIdToStakeId[vehicleId] = stakeId;
		data[stakeId].vehicleId = vehicleId;
		emit VehicleAttached(msg.sender, stakeId, vehicleId);
	}

	function stake(uint8 level, uint256 vehicleId) external {
		if (level > MAX_STAKING_LEVEL)
			revert InvalidStakingLevel(level);
		uint256 id = ++currentStakeId;
		StakingLevel memory l = levels[level];
		data[id] = StakingData(level, l.amount, block.timestamp + l.lockPeriod, 0);
		owners[id] = msg.sender;
		require(IERC20From(dimoToken).transferFrom(msg.sender, address(this), l.amount), "Transfer failed");
		emit Staked(msg.sender, id, address(this), level, l.amount, data[id].lockEndTime);
		if (vehicleId != 0)
			_attach(id, vehicleId);
	}

	function upgradeStake(uint256 stakeId, uint8 level, uint256 vehicleId) external {
		if (msg.sender != ownerOf(stakeId))
			revert InvalidStakeId(stakeId);
		StakingData memory d = data[stakeId];
		if (level > MAX_STAKING_LEVEL || d.level >= level)
			revert InvalidStakingLevel(level);
		StakingLevel memory l = levels[level];
		require(IERC20From(dimoToken).transferFrom(msg.sender, address(this), l.amount - d.amount), "Transfer failed");
		data[stakeId].level = level;
		data[stakeId].amount = l.amount;
		data[stakeId].lockEndTime = block.timestamp + l.lockPeriod;
		emit Staked(msg.sender, stakeId, address(this), level, l.amount, data[stakeId].lockEndTime);
		if (vehicleId != d.vehicleId) {
			if (vehicleId == 0) {
				delete vehicleIdToStakeId[d.vehicleId];
				delete data[stakeId].vehicleId;
				emit VehicleDetached(msg.sender, stakeId, d.vehicleId);
			} else {
				_attach(stakeId, vehicleId);
			}
		}
	}

	function withdraw(uint256 stakeId) external {
		if (msg.sender != ownerOf(stakeId))
			revert InvalidStakeId(stakeId);
		StakingData memory d = data[stakeId];
		if (block.timestamp <= d.lockEndTime)
			revert TokensStillLocked(stakeId);
		if (d.vehicleId != 0) {
			if (vehicleIdToStakeId[d.vehicleId] == stakeId)
				delete vehicleIdToStakeId[d.vehicleId];
			emit VehicleDetached(msg.sender, stakeId, d.vehicleId);
		}
		delete data[stakeId];
		require(IERC20From(dimoToken).transfer(msg.sender, d.amount), "Transfer failed");
		emit Withdrawn(msg.sender, stakeId, d.amount);
	}

	function extendStaking(uint256 stakeId) external {
		if (msg.sender != ownerOf(stakeId))
			revert InvalidStakeId(stakeId);
		uint256 t = block.timestamp + levels[data[stakeId].level].lockPeriod;
		data[stakeId].lockEndTime = t;
		emit StakingExtended(msg.sender, stakeId, t);
	}

	function attachVehicle(uint256 stakeId, uint256 vehicleId) external {
		if (msg.sender != ownerOf(stakeId))
			revert InvalidStakeId(stakeId);
		_attach(stakeId, vehicleId);
	}

	function detachVehicle(uint256 vehicleId) external {
		uint256 stakeId = vehicleIdToStakeId[vehicleId];
		if (stakeId == 0)
			revert NoActiveStaking();
		if (msg.sender != MockVehicleId(vehicleIdProxy).ownerOf(vehicleId) && msg.sender != owners[stakeId])
			revert Unauthorized(msg.sender, vehicleId);
		delete vehicleIdToStakeId[vehicleId];
		delete data[stakeId].vehicleId;
		emit VehicleDetached(msg.sender, stakeId, vehicleId);
	}
}
