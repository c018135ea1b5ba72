import { describe, expect, it } from 'vitest';
import { checkedUp, describeStat, parseShowStat, proxyConfig } from '../../src/deploy/haproxy.js';

describe('HAProxy config', () => {
  const cfg = proxyConfig({ app: 'shop', containerPort: 3000, healthPath: '/up', live: 'green' });

  it('has one backend with blue and green resolved through Docker DNS; only the live one enabled', () => {
    expect(cfg).toContain('nameserver dns 127.0.0.11:53');
    expect(cfg).toContain('init-addr last,libc,none');
    expect(cfg).toContain('    server blue shop-blue:3000 check disabled\n');
    expect(cfg).toContain('    server green shop-green:3000 check\n');
  });

  it('gives each color a backup twin at the same address, out until a switch makes the draining color the fallback', () => {
    expect(cfg).toContain('    server blue-bk shop-blue:3000 check backup resolve-opts allow-dup-ip disabled\n');
    expect(cfg).toContain('    server green-bk shop-green:3000 check backup resolve-opts allow-dup-ip disabled\n');
  });

  it('checks the health path for 2xx, often, and exposes an admin runtime API on loopback inside the container', () => {
    expect(cfg).toContain('option httpchk GET /up');
    expect(cfg).toContain('http-check expect rstatus ^2[0-9][0-9]$');
    expect(cfg).toMatch(/inter 500ms/);
    expect(cfg).toContain('stats socket ipv4@127.0.0.1:9999 level admin');
    expect(cfg).toMatch(/bind :8080\n/);
  });

  it('disables both servers when nothing is live yet', () => {
    const first = proxyConfig({ app: 'a', containerPort: 80, healthPath: '/', live: undefined });
    expect(first.match(/ check disabled/g)).toHaveLength(2);
  });
});

describe('show stat parsing', () => {
  const csv = [
    '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,last_chk',
    'public,FRONTEND,,,1,2,,,,,,,,,,,,OPEN,,,,,,,,,1,2,0,,,,0,,,,,,,,',
    'app,blue,0,0,3,4,,9,,,,,,,,0,0,UP,1,1,0,0,0,5,0,,1,3,1,,9,,2,,,,L7OK,200,1,0,',
    'app,green,0,0,0,0,,0,,,,,,,,0,0,DOWN,1,1,0,2,1,5,5,,1,3,2,,0,,2,,,,* L7STS,500,1,0,HTTP status check returned code <3C>500<3E>',
    'app,BACKEND,0,0,3,4,,9,,,,,,,,0,0,UP,1,1,0,,0,5,0,,1,3,0,,9,,1,,,,,,,,',
  ].join('\n');

  it('reads status, last check (without the in-progress marker) and sessions of blue and green', () => {
    const st = parseShowStat(csv);
    expect(st.blue).toMatchObject({ status: 'UP', checkStatus: 'L7OK', checkCode: '200', sessions: 3 });
    expect(st.green).toMatchObject({ status: 'DOWN', checkStatus: 'L7STS', checkCode: '500' });
    expect(checkedUp(st.blue)).toBe(true);
    expect(checkedUp(st.green)).toBe(false);
    expect(describeStat(st.green)).toMatch(/^DOWN L7STS 500/);
  });

  it('counts a drained, checked server as up and a server in maintenance as not', () => {
    expect(checkedUp({ status: 'DRAIN', checkStatus: 'L7OK', checkCode: '200', lastCheck: '', sessions: 0 })).toBe(true);
    expect(checkedUp({ status: 'MAINT', checkStatus: 'L7OK', checkCode: '200', lastCheck: '', sessions: 0 })).toBe(false);
    expect(checkedUp({ status: 'UP 1/3', checkStatus: 'L7STS', checkCode: '500', lastCheck: '', sessions: 0 })).toBe(false);
    expect(checkedUp(undefined)).toBe(false);
  });
});
