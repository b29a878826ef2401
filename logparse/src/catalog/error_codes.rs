use serde::{Deserialize, Serialize};
use std::fmt;

/// An error code of chapter 5, as returned by a failed command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ErrorCode(pub u32);

impl ErrorCode {
    /// 1: "Unknown error code" (a command failed for a reason with no code of its own).
    pub const UNKNOWN_ERROR_CODE: ErrorCode = ErrorCode(1);
    /// 101: "Invalid parameter was supplied".
    pub const INVALID_PARAMETER: ErrorCode = ErrorCode(101);
    /// 107: "Connection does not exist" (119 has the same message).
    pub const CONNECTION_DOES_NOT_EXIST: ErrorCode = ErrorCode(107);
    /// 110: "Server is not responding".
    pub const SERVER_NOT_RESPONDING: ErrorCode = ErrorCode(110);
    /// 123: "Job does not exist".
    pub const JOB_DOES_NOT_EXIST: ErrorCode = ErrorCode(123);
    /// 143: "Invalid statistics file".
    pub const INVALID_STATISTICS_FILE: ErrorCode = ErrorCode(143);
    /// 145: "Connection failed".
    pub const CONNECTION_FAILED: ErrorCode = ErrorCode(145);

    /// The guide's message for this code, if the guide lists it.
    pub fn message(self) -> Option<&'static str> {
        error_message(self)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One row of the error code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    /// The code.
    pub code: ErrorCode,
    /// The guide's message for it.
    pub message: &'static str,
}

/// Every error code, sorted by code (the guide lists 2200 after 2219).
pub fn error_codes() -> &'static [ErrorEntry] {
    &ERROR_CODES
}

/// The row for this code.
pub fn error_entry(code: ErrorCode) -> Option<&'static ErrorEntry> {
    ERROR_CODES
        .binary_search_by_key(&code, |entry| entry.code)
        .ok()
        .and_then(|at| ERROR_CODES.get(at))
}

/// The guide's message for this code.
pub fn error_message(code: ErrorCode) -> Option<&'static str> {
    error_entry(code).map(|entry| entry.message)
}

static ERROR_CODES: [ErrorEntry; 179] = [
    ErrorEntry { code: ErrorCode(1), message: "Unknown error code (generated when a command failed but the failure is not linked to a pre-defined error code)" },
    ErrorEntry { code: ErrorCode(101), message: "Invalid parameter was supplied" },
    ErrorEntry { code: ErrorCode(102), message: "Command is not a valid or the syntax is incorrect" },
    ErrorEntry { code: ErrorCode(103), message: "Carbonite Availability and Carbonite Migrate source module is not loaded" },
    ErrorEntry { code: ErrorCode(104), message: "No Carbonite Availability and Carbonite Migrate source identified" },
    ErrorEntry { code: ErrorCode(105), message: "Carbonite Availability and Carbonite Migrate target module is not loaded" },
    ErrorEntry { code: ErrorCode(106), message: "Connection already established" },
    ErrorEntry { code: ErrorCode(107), message: "Connection does not exist" },
    ErrorEntry { code: ErrorCode(108), message: "Mirror currently active" },
    ErrorEntry { code: ErrorCode(109), message: "Server does not exist or could not be located" },
    ErrorEntry { code: ErrorCode(110), message: "Server is not responding" },
    ErrorEntry { code: ErrorCode(111), message: "Carbonite Availability and Carbonite Migrate is running" },
    ErrorEntry { code: ErrorCode(112), message: "Unknown connection error" },
    ErrorEntry { code: ErrorCode(113), message: "Mirror already active" },
    ErrorEntry { code: ErrorCode(114), message: "Date is invalid - valid format is mm/dd/yy" },
    ErrorEntry { code: ErrorCode(115), message: "Time is invalid - valid format is hh:mm" },
    ErrorEntry { code: ErrorCode(116), message: "Invalid option supplied" },
    ErrorEntry { code: ErrorCode(117), message: "Mirror is not paused" },
    ErrorEntry { code: ErrorCode(118), message: "Connection is not paused" },
    ErrorEntry { code: ErrorCode(119), message: "Connection does not exist" },
    ErrorEntry { code: ErrorCode(120), message: "Connection already connected" },
    ErrorEntry { code: ErrorCode(121), message: "Mirror is not running" },
    ErrorEntry { code: ErrorCode(122), message: "Job exists" },
    ErrorEntry { code: ErrorCode(123), message: "Job does not exist" },
    ErrorEntry { code: ErrorCode(124), message: "No job has been selected" },
    ErrorEntry { code: ErrorCode(125), message: "Connection is replicating" },
    ErrorEntry { code: ErrorCode(126), message: "Connection is not replicating" },
    ErrorEntry { code: ErrorCode(127), message: "Job is enabled" },
    ErrorEntry { code: ErrorCode(128), message: "Schedule is not defined" },
    ErrorEntry { code: ErrorCode(129), message: "Job is changed" },
    ErrorEntry { code: ErrorCode(130), message: "Job is in use" },
    ErrorEntry { code: ErrorCode(131), message: "No Carbonite Availability and Carbonite Migrate target identified" },
    ErrorEntry { code: ErrorCode(132), message: "Memory is low" },
    ErrorEntry { code: ErrorCode(133), message: "Memory is sufficient" },
    ErrorEntry { code: ErrorCode(134), message: "Replication is pending" },
    ErrorEntry { code: ErrorCode(135), message: "Invalid option supplied" },
    ErrorEntry { code: ErrorCode(136), message: "Job replication rule does not exist" },
    ErrorEntry { code: ErrorCode(137), message: "Mirror queue is full" },
    ErrorEntry { code: ErrorCode(138), message: "Insufficient security access" },
    ErrorEntry { code: ErrorCode(139), message: "Schedule command is invalid" },
    ErrorEntry { code: ErrorCode(140), message: "Source path is invalid" },
    ErrorEntry { code: ErrorCode(141), message: "Job is not changed" },
    ErrorEntry { code: ErrorCode(142), message: "Insufficient source security access" },
    ErrorEntry { code: ErrorCode(143), message: "Invalid statistics file" },
    ErrorEntry { code: ErrorCode(144), message: "Job not saved" },
    ErrorEntry { code: ErrorCode(145), message: "Connection failed" },
    ErrorEntry { code: ErrorCode(146), message: "Cleaner option is not enabled" },
    ErrorEntry { code: ErrorCode(147), message: "Target mirror capacity high threshold is met" },
    ErrorEntry { code: ErrorCode(148), message: "Target mirror capacity low threshold is met" },
    ErrorEntry { code: ErrorCode(149), message: "New option applied" },
    ErrorEntry { code: ErrorCode(150), message: "Target is restarted" },
    ErrorEntry { code: ErrorCode(151), message: "Replication is out of memory" },
    ErrorEntry { code: ErrorCode(152), message: "Write access is blocked on the volume" },
    ErrorEntry { code: ErrorCode(153), message: "Transmission is paused" },
    ErrorEntry { code: ErrorCode(154), message: "Transmission is active" },
    ErrorEntry { code: ErrorCode(155), message: "Target does not support the command" },
    ErrorEntry { code: ErrorCode(156), message: "Command conversion to accommodate a different Carbonite Availability and Carbonite Migrate version has failed" },
    ErrorEntry { code: ErrorCode(157), message: "Incompatible source and target Carbonite Availability and Carbonite Migrate versions" },
    ErrorEntry { code: ErrorCode(158), message: "Incompatible source and target operating system versions" },
    ErrorEntry { code: ErrorCode(159), message: "NAS server to non-NAS server is not a supported configuration" },
    ErrorEntry { code: ErrorCode(160), message: "Target module is not loaded" },
    ErrorEntry { code: ErrorCode(161), message: "Operation or command is not supported" },
    ErrorEntry { code: ErrorCode(162), message: "Target is paused" },
    ErrorEntry { code: ErrorCode(163), message: "Target is pending" },
    ErrorEntry { code: ErrorCode(164), message: "Target is active" },
    ErrorEntry { code: ErrorCode(165), message: "Target is retrying operations" },
    ErrorEntry { code: ErrorCode(166), message: "Target is no longer retrying operations" },
    ErrorEntry { code: ErrorCode(167), message: "Restore required state is unknown" },
    ErrorEntry { code: ErrorCode(168), message: "Not a valid failover or cutover source" },
    ErrorEntry { code: ErrorCode(169), message: "Failover or cutover login failed" },
    ErrorEntry { code: ErrorCode(170), message: "Feature is not supported" },
    ErrorEntry { code: ErrorCode(171), message: "Command is not supported" },
    ErrorEntry { code: ErrorCode(172), message: "Target queue log file error" },
    ErrorEntry { code: ErrorCode(173), message: "Target disk is full" },
    ErrorEntry { code: ErrorCode(174), message: "Target disk has sufficient disk space" },
    ErrorEntry { code: ErrorCode(175), message: "Error reading from or writing to the queue log file" },
    ErrorEntry { code: ErrorCode(176), message: "Memory-based queue is in use" },
    ErrorEntry { code: ErrorCode(177), message: "Disk-based queue is in use" },
    ErrorEntry { code: ErrorCode(178), message: "Restore is required" },
    ErrorEntry { code: ErrorCode(179), message: "ID the driver supplied to the service is invalid" },
    ErrorEntry { code: ErrorCode(180), message: "Child path is blocked" },
    ErrorEntry { code: ErrorCode(181), message: "Parent path is blocked" },
    ErrorEntry { code: ErrorCode(182), message: "Target path blocking is disabled" },
    ErrorEntry { code: ErrorCode(183), message: "Connection ID specified is invalid" },
    ErrorEntry { code: ErrorCode(184), message: "No command objects are in the queue" },
    ErrorEntry { code: ErrorCode(185), message: "Handshake was not completed" },
    ErrorEntry { code: ErrorCode(186), message: "Stats server was not started" },
    ErrorEntry { code: ErrorCode(187), message: "Schedule is paused" },
    ErrorEntry { code: ErrorCode(188), message: "Schedule is resumed" },
    ErrorEntry { code: ErrorCode(189), message: "Target state has changed" },
    ErrorEntry { code: ErrorCode(190), message: "Target name has changed" },
    ErrorEntry { code: ErrorCode(191), message: "Acknowledgement queue has been updated" },
    ErrorEntry { code: ErrorCode(201), message: "Monitor name exists" },
    ErrorEntry { code: ErrorCode(202), message: "Monitor name does not exist" },
    ErrorEntry { code: ErrorCode(203), message: "Monitor configuration exists" },
    ErrorEntry { code: ErrorCode(204), message: "Monitor configuration does not exist" },
    ErrorEntry { code: ErrorCode(205), message: "Monitor configuration is in use" },
    ErrorEntry { code: ErrorCode(206), message: "Monitor configuration is not in use" },
    ErrorEntry { code: ErrorCode(207), message: "Source is online" },
    ErrorEntry { code: ErrorCode(208), message: "Source is offline" },
    ErrorEntry { code: ErrorCode(209), message: "Server is not failed over" },
    ErrorEntry { code: ErrorCode(210), message: "Server is failed over" },
    ErrorEntry { code: ErrorCode(211), message: "Server is not being monitored" },
    ErrorEntry { code: ErrorCode(212), message: "Failback is in progress" },
    ErrorEntry { code: ErrorCode(213), message: "IP address placeholders on the target are unavailable" },
    ErrorEntry { code: ErrorCode(214), message: "Target NIC was not found" },
    ErrorEntry { code: ErrorCode(215), message: "Source module is not loaded" },
    ErrorEntry { code: ErrorCode(216), message: "Failed to set the source state" },
    ErrorEntry { code: ErrorCode(217), message: "Unable to ping source" },
    ErrorEntry { code: ErrorCode(218), message: "Invalid argument" },
    ErrorEntry { code: ErrorCode(219), message: "Recovery is busy" },
    ErrorEntry { code: ErrorCode(220), message: "Invalid command" },
    ErrorEntry { code: ErrorCode(221), message: "Recovery is started" },
    ErrorEntry { code: ErrorCode(222), message: "Script failed to start" },
    ErrorEntry { code: ErrorCode(223), message: "Script timeout met" },
    ErrorEntry { code: ErrorCode(224), message: "No replication timeout met - connection is bad" },
    ErrorEntry { code: ErrorCode(225), message: "Invalid path" },
    ErrorEntry { code: ErrorCode(226), message: "Kernel module is not loaded" },
    ErrorEntry { code: ErrorCode(227), message: "System dump has failed" },
    ErrorEntry { code: ErrorCode(228), message: "Response is null" },
    ErrorEntry { code: ErrorCode(229), message: "Object stream is not OK" },
    ErrorEntry { code: ErrorCode(230), message: "Transactional NTFS (TxF) SavePoints (intermediate rollback points) are not supported" },
    ErrorEntry { code: ErrorCode(231), message: "Data overload" },
    ErrorEntry { code: ErrorCode(232), message: "The service failed to start" },
    ErrorEntry { code: ErrorCode(233), message: "The driver failed to start" },
    ErrorEntry { code: ErrorCode(234), message: "File and directory mismatch. A directory was expected." },
    ErrorEntry { code: ErrorCode(235), message: "File and directory mismatch. A file was expected." },
    ErrorEntry { code: ErrorCode(2001), message: "Transform initialization failed" },
    ErrorEntry { code: ErrorCode(2002), message: "General transform failure" },
    ErrorEntry { code: ErrorCode(2003), message: "Transform volume count" },
    ErrorEntry { code: ErrorCode(2004), message: "Transform missing source" },
    ErrorEntry { code: ErrorCode(2005), message: "Transform missing target" },
    ErrorEntry { code: ErrorCode(2101), message: "Network controller initialization failed" },
    ErrorEntry { code: ErrorCode(2102), message: "General network controller failure" },
    ErrorEntry { code: ErrorCode(2103), message: "Network controller already started" },
    ErrorEntry { code: ErrorCode(2104), message: "No socket on the network controller" },
    ErrorEntry { code: ErrorCode(2105), message: "Listen failure on the network controller" },
    ErrorEntry { code: ErrorCode(2200), message: "E-mail notification is functioning properly" },
    ErrorEntry { code: ErrorCode(2201), message: "Error communicating with e-mail server" },
    ErrorEntry { code: ErrorCode(2202), message: "Error connecting to e-mail server" },
    ErrorEntry { code: ErrorCode(2203), message: "E-mail notification is disabled" },
    ErrorEntry { code: ErrorCode(2204), message: "E-mail notification is enabled" },
    ErrorEntry { code: ErrorCode(2205), message: "E-mail notification requires Internet Explorer version 5.0 and WMI (E-mail notification no longer requires Internet 5.0 or later.)" },
    ErrorEntry { code: ErrorCode(2206), message: "E-mail notification requires Internet Explorer version 5.0 (E-mail notification no longer requires Internet Explorer 5.0 or later.)" },
    ErrorEntry { code: ErrorCode(2207), message: "Error sending e-mail" },
    ErrorEntry { code: ErrorCode(2208), message: "Error sending test e-mail" },
    ErrorEntry { code: ErrorCode(2209), message: "WMI error connecting to e-mail server" },
    ErrorEntry { code: ErrorCode(2210), message: "E-mail notification requires WMI" },
    ErrorEntry { code: ErrorCode(2211), message: "Event Viewer settings for e-mail notification are invalid" },
    ErrorEntry { code: ErrorCode(2212), message: "E-mail notification setting is invalid" },
    ErrorEntry { code: ErrorCode(2213), message: "E-mail notification address exists" },
    ErrorEntry { code: ErrorCode(2214), message: "E-mail notification alert ID is invalid" },
    ErrorEntry { code: ErrorCode(2215), message: "E-mail notification format is invalid" },
    ErrorEntry { code: ErrorCode(2216), message: "E-mail notification address does not exist" },
    ErrorEntry { code: ErrorCode(2217), message: "E-mail notification address notification list is empty" },
    ErrorEntry { code: ErrorCode(2218), message: "E-mail warning is not set" },
    ErrorEntry { code: ErrorCode(2219), message: "E-mail test warning is not set" },
    ErrorEntry { code: ErrorCode(2301), message: "Bandwidth limiting time exists" },
    ErrorEntry { code: ErrorCode(2302), message: "Bandwidth limiting name exists" },
    ErrorEntry { code: ErrorCode(2303), message: "Bandwidth limit not found" },
    ErrorEntry { code: ErrorCode(2304), message: "Bandwidth limit day is invalid" },
    ErrorEntry { code: ErrorCode(2305), message: "Bandwidth limit label is invalid" },
    ErrorEntry { code: ErrorCode(2401), message: "Snapshot module is not loaded" },
    ErrorEntry { code: ErrorCode(2402), message: "Error reading the snapshot .dll" },
    ErrorEntry { code: ErrorCode(2403), message: "Snapshot not found" },
    ErrorEntry { code: ErrorCode(2404), message: "No snapshot connections found" },
    ErrorEntry { code: ErrorCode(2405), message: "Snapshot revert completed" },
    ErrorEntry { code: ErrorCode(2406), message: "Snapshot revert is in progress" },
    ErrorEntry { code: ErrorCode(2501), message: "Full server functionality is disabled" },
    ErrorEntry { code: ErrorCode(2502), message: "No full server interface available" },
    ErrorEntry { code: ErrorCode(3001), message: "Refused code - target mode Small Business Server" },
    ErrorEntry { code: ErrorCode(3002), message: "Refused code - target mode Carbonite Migrate" },
    ErrorEntry { code: ErrorCode(3003), message: "Refused code - duplicate" },
    ErrorEntry { code: ErrorCode(3004), message: "Refused code - cloud job" },
    ErrorEntry { code: ErrorCode(3005), message: "Refused code - Carbonite Migrate code mismatch" },
    ErrorEntry { code: ErrorCode(3006), message: "Refused code - target license" },
    ErrorEntry { code: ErrorCode(3007), message: "Refused code - SPLA code" },
    ErrorEntry { code: ErrorCode(3008), message: "Refused code - no codes" },
    ErrorEntry { code: ErrorCode(3009), message: "Refused code - expired code" },
];
