// What one value of the run database can hold. better-sqlite3 refuses to bind a blob of
// 512 MiB or a few bytes less ("The bound string, buffer, or bigint is too big" / "string or
// blob too big"), though SQLite's own SQLITE_MAX_LENGTH is 10⁹; 512 MiB − 64 KiB was written
// and read back through the store (a probe, not a test: it moves a gigabyte).

export const MAX_BLOB_BYTES = 512 * 1024 * 1024 - 64 * 1024
