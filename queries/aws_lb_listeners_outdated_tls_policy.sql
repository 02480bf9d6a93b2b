-- HTTPS and TLS listeners of internet-facing load balancers whose security policy still accepts
-- TLS 1.0 or 1.1. Elastic Load Balancing's policies that require TLS 1.2 or later carry `1-2` or
-- `1-3` in their name (ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS-1-2-2017-01,
-- ELBSecurityPolicy-FS-1-2-Res-2020-10, …); the others (ELBSecurityPolicy-2016-08, the default of
-- older listeners, ELBSecurityPolicy-TLS13-1-0-2021-06, …) accept older protocols.
-- tables: aws_lb_listeners
-- population: aws_lb_listeners where Scheme = 'internet-facing' AND Protocol IN ('HTTPS', 'TLS')

SELECT
  LoadBalancerName || ' ' || Protocol || ':' || Port || ' (' || coalesce(Region, '?') || ')' AS resource,
  CASE
    WHEN SslPolicy LIKE '%-1-2-%' OR SslPolicy LIKE '%-1-3-%' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN SslPolicy LIKE '%-1-2-%' OR SslPolicy LIKE '%-1-3-%' THEN SslPolicy || ' requires TLS 1.2 or later'
    ELSE coalesce(SslPolicy, 'no security policy') || ' accepts TLS 1.0/1.1: use ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy'
  END AS reason
FROM aws_lb_listeners
WHERE Scheme = 'internet-facing' AND Protocol IN ('HTTPS', 'TLS')
ORDER BY LoadBalancerName, Port;
