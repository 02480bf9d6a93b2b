-- Listeners of internet-facing load balancers that accept plaintext HTTP without redirecting it to
-- HTTPS. HTTPS and TLS listeners pass; a plain TCP or UDP listener of a Network Load Balancer is
-- info (the targets may terminate TLS themselves: confirm it). A load balancer whose listeners
-- could not be read is a finding, never a pass.
-- tables: aws_lb_listeners
-- population: aws_lb_listeners where Scheme = 'internet-facing'

SELECT
  LoadBalancerName || coalesce(' ' || Protocol || ':' || Port, '') || ' (' || coalesce(Region, '?') || ')' AS resource,
  CASE
    WHEN Protocol IS NULL THEN 'alarm'
    WHEN Protocol IN ('HTTPS', 'TLS') THEN 'ok'
    WHEN Protocol = 'HTTP' AND default_action_type = 'redirect' AND redirect_protocol = 'HTTPS' THEN 'ok'
    WHEN Protocol = 'HTTP' THEN 'alarm'
    ELSE 'info'
  END AS status,
  CASE
    WHEN Protocol IS NULL THEN 'listeners not readable: ' || coalesce(errors, 'no listener data')
    WHEN Protocol IN ('HTTPS', 'TLS') THEN 'encrypted (' || coalesce(SslPolicy, 'no policy named') || ')'
    WHEN Protocol = 'HTTP' AND default_action_type = 'redirect' AND redirect_protocol = 'HTTPS' THEN 'plaintext HTTP redirected to HTTPS'
    WHEN Protocol = 'HTTP' THEN 'plaintext HTTP served from the internet (default action ' || coalesce(default_action_type, 'none')
      || '): redirect it to HTTPS'
    ELSE 'plaintext ' || Protocol || ' listener: confirm its targets terminate TLS'
  END AS reason
FROM aws_lb_listeners
WHERE Scheme = 'internet-facing'
ORDER BY LoadBalancerName, Port;
