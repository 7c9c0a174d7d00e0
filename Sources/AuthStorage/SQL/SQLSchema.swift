/// The schema steps both stores share: statements in the SQL SQLite and PostgreSQL both accept.
/// Each store keeps its own list of versions (their first steps differ in dialect); a shipped
/// step is never edited, a new one is appended to both.
enum SQLSchema {
    /// The trust model: counters per customer and per destination (with the account lock),
    /// the customer directory, and regeneration keys stored as digests. Sessions, OTPs and
    /// counters of earlier versions are dropped: they held identifiers as typed, not in their
    /// canonical form, and were sealed with keys that now live outside the database.
    static let trustModel = [
        "DELETE FROM otps",
        "DELETE FROM sessions",
        "ALTER TABLE sessions ADD COLUMN customer_id TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE otps ADD COLUMN proves_identifier INTEGER NOT NULL DEFAULT 0",
        "DROP TABLE otp_limits",
        "DROP TABLE secrets",
        """
        CREATE TABLE counters (
            key TEXT PRIMARY KEY,
            window_start BIGINT NOT NULL DEFAULT 0, window_count BIGINT NOT NULL DEFAULT 0, window_end BIGINT NOT NULL DEFAULT 0,
            day BIGINT NOT NULL DEFAULT 0, day_count BIGINT NOT NULL DEFAULT 0,
            guess_start BIGINT NOT NULL DEFAULT 0, guess_count BIGINT NOT NULL DEFAULT 0, guess_end BIGINT NOT NULL DEFAULT 0,
            locked_until BIGINT NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE identifiers (
            brand TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, customer_id TEXT NOT NULL,
            verified INTEGER NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (brand, type, value))
        """,
        "CREATE INDEX identifiers_customer ON identifiers (customer_id)",
        """
        CREATE TABLE grants (
            family TEXT PRIMARY KEY, brand TEXT NOT NULL, customer_id TEXT NOT NULL,
            created_at BIGINT NOT NULL, expires_at BIGINT, revoked_at BIGINT)
        """,
        "CREATE INDEX grants_customer ON grants (customer_id)",
        """
        CREATE TABLE grant_keys (
            id TEXT PRIMARY KEY, family TEXT NOT NULL, digest TEXT NOT NULL,
            created_at BIGINT NOT NULL, expires_at BIGINT, used_at BIGINT)
        """,
        "CREATE INDEX grant_keys_family ON grant_keys (family)",
    ]

    /// Passwords, identifier changes and MFA: one scrypt PHC string per customer, the password
    /// a session holds until its OTP is validated (a registration or a reset), and which
    /// sessions are second factors or replace the customer's other addresses.
    static let customerFeatures = [
        "ALTER TABLE sessions ADD COLUMN second_factor INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN replaces_others INTEGER NOT NULL DEFAULT 0",
        """
        CREATE TABLE passwords (
            customer_id TEXT PRIMARY KEY, brand TEXT NOT NULL, hash TEXT NOT NULL,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE TABLE held_passwords (session_id TEXT PRIMARY KEY, hash TEXT NOT NULL, expires_at BIGINT NOT NULL)",
        "CREATE INDEX held_passwords_expiry ON held_passwords (expires_at)",
    ]

    /// Tokens name what was proved: what each session is for (a login, a new address, a second
    /// factor and the first factor it follows), the address each OTP and each login's OTP went
    /// to, the seal time of the last payload hash a session took, and the passwords sessions hold
    /// sealed rather than hashed (hashing waits for the OTP). Mobile logins get the default
    /// absolute lifetime (90 days from their start). Sessions in flight are dropped: they did not
    /// record what they were for.
    ///
    /// Only added to, never dropped or renamed, so an instance of the release before that is
    /// still running while the schema migrates fails no statement: `second_factor` is still
    /// written, and `held_passwords` is left to it (a later release drops both). It must still
    /// stop before new instances serve, since it would complete their sessions by its old rules.
    static let provedTokens = [
        "DELETE FROM otps",
        "DELETE FROM sessions",
        "ALTER TABLE sessions ADD COLUMN purpose TEXT NOT NULL DEFAULT 'login'",
        "ALTER TABLE sessions ADD COLUMN login_family TEXT",
        "ALTER TABLE sessions ADD COLUMN first_methods TEXT",
        "ALTER TABLE sessions ADD COLUMN first_destination TEXT",
        "ALTER TABLE sessions ADD COLUMN hash_sealed_at BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE otps ADD COLUMN destination TEXT",
        "ALTER TABLE grants ADD COLUMN destination TEXT",
        "UPDATE grants SET expires_at = created_at + 7776000000 WHERE expires_at IS NULL",
        "CREATE TABLE sealed_passwords (session_id TEXT PRIMARY KEY, sealed TEXT NOT NULL, expires_at BIGINT NOT NULL)",
        "CREATE INDEX sealed_passwords_expiry ON sealed_passwords (expires_at)",
    ]
}
