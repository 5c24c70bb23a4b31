// Package syncfolder is the file side of shuati's sync: the segment file
// format, writing a file once, and reading and verifying a folder that a
// file-sync engine (Syncthing, a cloud drive, git, rsync) carries between
// devices. It knows nothing of the database: events carry their payloads as
// bytes, and time comes in as an argument.
//
// A folder holds one directory per device, named by the device id (16
// lowercase hex digits). A device writes only into its own directory, and
// only whole files: a segment is written to a temporary name, fsynced and
// renamed, and never changed afterwards. A segment holds a contiguous run of
// the device's events, numbered 1, 2, 3, … with no gaps, and its name says
// which:
//
//	<folder>/<device>/<first>-<last>.seg      e.g. 000000000001-000000000250.seg
//
// An event's id is (device, number). Merging is a union keyed by that id: a
// reader applies each device's events in number order and remembers the last
// number it applied, so a file seen twice, or two files that overlap (a
// compacted file beside the ones it replaced), never apply an event twice;
// a file that leaves a gap waits until the missing one arrives.
//
// Nothing in the folder is trusted. A file whose name is not a segment's (a
// conflict copy a sync engine made, a temporary file, anything else), a file
// that is cut short or fails its checksum, one written by a newer shuati, one
// whose header disagrees with its name, or one dated far ahead of this
// computer's clock is skipped with a FileError naming it.
package syncfolder
