//! `dtstat --help`: what each option does, what each level shows, and examples.

/// The text `--help` prints.
pub const HELP: &str = "\
dtstat: the engine's statistics (guide chapter 3), live from its stats port or from a
saved .sts file, as the guide's text, CSV, JSON Lines, Prometheus text or a chart.

Usage:
  dtstat [-p] [-i <interval>] [-l <level>] [-t <tofile>] [-f <fromfile>] [-s <tofile>]
         [-st <tofile>] [-IP <address>] [-Start <mm/dd/yyyyhh:mm>] [-Stop <mm/dd/yyyyhh:mm>]
         [-Server <ip_address> <port_number>] [--delta] [--format text|json|prom]
         [--plot FIELD[,FIELD...]] [-o <file>]

Options are case-insensitive and take one dash or two (-server, -SERVER, --Server).

Where the statistics come from:
  (none)             the local engine: StatsAddress and StatsPort from DT.conf ($DT_CONF or
                     /etc/DT/DT.conf), else 127.0.0.1:1506; runs until the engine goes away
  -Server IP PORT    another engine's stats port
  -i SECONDS         interval asked of the engine (default 1; fractions allowed, e.g. 0.5);
                     ignored with -f
  -f FILE            a .sts file saved with -t (or the engine's statistic.sts)

What is shown and written:
  -p                 print nothing on screen (faster when writing files)
  -l LEVEL           screen detail, default 2:
                       1  the Date/Time Stamp, KERNEL and every CONNECTION
                       2  the guide's sample: SYSTEMALLOCATOR, IQALLOCATOR, SECURITY, KERNEL,
                          TARGET per peer address, SOURCE, CONNECTION per connection
                       3  level 2, plus each connection's ID, replication set and target
                          name, and ConRPT, ConRPL, ConCurrentTime, ConMirrorStartTime,
                          ConMirrorEndTime
  -t FILE            save every received snapshot to a .sts file (read it back with -f)
  -s FILE            connection data as CSV (spreadsheets)
  -st FILE           target data as CSV
  -IP A[,B...]       only entries of these peer addresses
  -Start WHEN        nothing before WHEN: mm/dd/yyyyhh:mm, or mm/dd/yyyy hh:mm
  -Stop WHEN         nothing after WHEN
  --delta            per-interval differences and per-second rates of the cumulative
                     counters instead of their running totals
  --format FORMAT    text (the guide's, default), json (one object per snapshot per line)
                     or prom (Prometheus text for node_exporter's textfile collector;
                     needs -o)
  --plot FIELDS      a chart of these statistics (guide names: conBytesTx,ConRPL,...)
  -o FILE            the file of --format json/prom or --plot (.svg or .png)
  -h, --help         this text;  -V, --version  the version

The screen prints a snapshot every interval and, as the guide says, stops printing while
the statistics do not change (times that always move, the Date/Time Stamp, ConRPT and
ConCurrentTime, are not compared), resuming when they change. Times show in the local
time zone (set TZ to change it). A damaged record in a file is skipped with a warning
naming its byte offset; every good record is still read.

Examples:
  dtstat                                       watch the local engine every second
  dtstat -Server 10.0.0.5 1506 -i 5 -l 3       another engine, every 5 s, full detail
  dtstat -p -t capture.sts                     record without printing (Ctrl-C to stop)
  dtstat -f capture.sts -l 1                   replay a recording, summary only
  dtstat -p -f statistic.sts -s statistic.csv  connection data for a spreadsheet
  dtstat -p -f statistic.sts -st targets.csv -IP 10.0.0.7 -Start 06/22/2017 14:00
  dtstat -f statistic.sts --plot conBytesTx,ConRPL -o chart.svg
  dtstat -Server 10.0.0.5 1506 --format prom -o /var/lib/node_exporter/dtsuite.prom

Errors: 110 Server is not responding (nothing answers at the stats port),
143 Invalid statistics file (-f names a file that is not .sts).
";
