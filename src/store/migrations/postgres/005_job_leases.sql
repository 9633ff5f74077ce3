-- Job leases: a claimed job is held until lease_until (epoch ms). Its runner renews the
-- lease while it works; a job whose lease ran out (its worker died) is claimed again by
-- any instance. Jobs already running when this migration runs get a lease of 5 minutes
-- from when they were claimed, so a job orphaned before the upgrade is picked up too.
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;
UPDATE jobs SET lease_until = coalesce(locked_at, updated_at) + 300000 WHERE status = 'running';
CREATE INDEX jobs_status_lease_until ON jobs(status, lease_until);
