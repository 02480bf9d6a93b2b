-- Internet-facing Application Load Balancers that no WAF web ACL protects (aws_wafv2_web_acls lists
-- the resources each ACL is associated with). Network and Gateway Load Balancers cannot carry a web
-- ACL and are not examined; CloudFront distributions and API Gateway stages in front of an ALB are
-- protected by their own ACL, which this query does not see.
-- tables: aws_lb_listeners, aws_wafv2_web_acls
-- population: aws_lb_listeners where Scheme = 'internet-facing' AND LoadBalancerType = 'application'

WITH lbs AS (
  SELECT DISTINCT LoadBalancerArn, LoadBalancerName, Region
  FROM aws_lb_listeners
  WHERE Scheme = 'internet-facing' AND LoadBalancerType = 'application'
),
protected AS (
  SELECT r.value AS arn, group_concat(w.name, ', ') AS acls
  FROM aws_wafv2_web_acls AS w, json_each(coalesce(w.resource_arns, '[]')) AS r
  GROUP BY r.value
)
SELECT
  l.LoadBalancerName || ' (' || coalesce(l.Region, '?') || ')' AS resource,
  CASE WHEN p.acls IS NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN p.acls IS NULL THEN 'internet-facing and no web ACL is associated with it: put it behind AWS WAF'
       ELSE 'protected by web ACL ' || p.acls END AS reason
FROM lbs AS l
LEFT JOIN protected AS p ON p.arn = l.LoadBalancerArn
ORDER BY resource;
