-- Production RDS instances whose storage cannot grow before it fills: no storage autoscaling
-- (MaxAllocatedStorage absent or not above AllocatedStorage), or allocated storage already at 90%
-- or more of the autoscaling maximum, so the next growth step has no headroom. Aurora storage grows
-- by itself; non-production instances (Environment tag) are skipped.
-- tables: aws_rds_instances
-- population: aws_rds_instances where lower(coalesce(Engine, '')) NOT LIKE 'aurora%' AND NOT EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(TagList) THEN TagList ELSE '[]' END) AS t WHERE lower(json_extract(t.value, '$.Key')) IN ('environment', 'env') AND lower(json_extract(t.value, '$.Value')) IN ('dev', 'development', 'test', 'staging', 'sandbox'))

WITH instances AS (
  SELECT
    i.DBInstanceIdentifier AS name,
    i.Engine AS engine,
    CAST(i.AllocatedStorage AS INTEGER) AS allocated,
    CAST(i.MaxAllocatedStorage AS INTEGER) AS maximum,
    EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(i.TagList) THEN i.TagList ELSE '[]' END) AS t
            WHERE lower(json_extract(t.value, '$.Key')) IN ('environment', 'env')
              AND lower(json_extract(t.value, '$.Value')) IN ('dev', 'development', 'test', 'staging', 'sandbox')) AS non_production
  FROM aws_rds_instances AS i
)
SELECT
  name AS resource,
  CASE
    WHEN lower(coalesce(engine, '')) LIKE 'aurora%' THEN 'skip'
    WHEN non_production THEN 'skip'
    WHEN allocated IS NULL THEN 'alarm'
    WHEN maximum IS NULL OR maximum <= allocated THEN 'alarm'
    WHEN allocated * 10 >= maximum * 9 THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN lower(coalesce(engine, '')) LIKE 'aurora%' THEN 'Aurora cluster storage grows automatically'
    WHEN non_production THEN 'non-production instance (Environment tag)'
    WHEN allocated IS NULL THEN 'no allocated storage recorded: the instance''s capacity is unknown'
    WHEN maximum IS NULL OR maximum <= allocated THEN 'fixed storage of ' || allocated
      || ' GiB without storage autoscaling: set a maximum storage threshold (MaxAllocatedStorage) above it'
    WHEN allocated * 10 >= maximum * 9 THEN allocated || ' GiB allocated of an autoscaling maximum of ' || maximum
      || ' GiB: raise the maximum before storage runs out'
    ELSE allocated || ' GiB allocated, autoscaling up to ' || maximum || ' GiB'
  END AS reason
FROM instances
ORDER BY name;
