/**
 * The HTML the simulated 《领导留言板》 serves to browsers: a board page and a message's public
 * page (the Vue shell), each carrying `window.SITE_CONFIG.appCode` and a script that signs its
 * API requests the way the site's front end does
 * (`md5(path + param + md5(appCode)[0:16] + token)`) and renders the answer. When the
 * simulator's appCode differs from the adapter's default, only these pages know the new one.
 */
import { esc } from './discuz-chrome.js';

/** md5 in plain browser JavaScript (RFC 1321), as front ends bundle it. */
export const MD5_JS = `function md5(str){
function rl(x,c){return (x<<c)|(x>>>(32-c));}
function ad(x,y){var l=(x&0xffff)+(y&0xffff);return (((x>>16)+(y>>16)+(l>>16))<<16)|(l&0xffff);}
var b=unescape(encodeURIComponent(str)),n=b.length,w=[],i;
for(i=0;i<n;i++)w[i>>2]|=b.charCodeAt(i)<<((i%4)*8);
w[n>>2]|=0x80<<((n%4)*8);var m=(((n+8)>>6)+1)*16;for(i=0;i<m;i++)w[i]=w[i]|0;w[m-2]=n*8;
var S=[7,12,17,22,5,9,14,20,4,11,16,23,6,10,15,21],K=[];for(i=0;i<64;i++)K[i]=Math.floor(Math.abs(Math.sin(i+1))*4294967296)|0;
var h0=0x67452301,h1=0xefcdab89|0,h2=0x98badcfe|0,h3=0x10325476;
for(var o=0;o<m;o+=16){var a=h0,bb=h1,c=h2,d=h3;
for(i=0;i<64;i++){var f,g,r=i>>4;
if(r===0){f=(bb&c)|(~bb&d);g=i;}else if(r===1){f=(d&bb)|(~d&c);g=(5*i+1)%16;}else if(r===2){f=bb^c^d;g=(3*i+5)%16;}else{f=c^(bb|~d);g=(7*i)%16;}
var t=d;d=c;c=bb;bb=ad(bb,rl(ad(ad(a,f),ad(K[i],w[o+g])),S[r*4+(i%4)]));a=t;}
h0=ad(h0,a);h1=ad(h1,bb);h2=ad(h2,c);h3=ad(h3,d);}
var hex='';[h0,h1,h2,h3].forEach(function(v){for(var j=0;j<4;j++)hex+=((v>>>(j*8))&255).toString(16).padStart(2,'0');});return hex;}`;

/** The signing and fetching part of the front end: `signedPost(path, param)`. */
const SIGN_JS = `function apiBase(){return location.pathname.replace(/\\/(pro-dfbbs-front\\/forum\\/list|threads\\/content)$/,'');}
function signedPost(path,param){var c=window.SITE_CONFIG,p=JSON.stringify(param),token='';
var body={appCode:c.appCode,token:token,signature:md5(path+p+md5(c.appCode).slice(0,16)+token),param:p};
return fetch(apiBase()+path,{method:'POST',headers:{'content-type':'application/json;charset=UTF-8',token:token},body:JSON.stringify(body)}).then(function(r){return r.json();});}`;

function shell(title: string, appCode: string, script: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<title>${esc(title)}</title>
<script>window.SITE_CONFIG={appCode:${JSON.stringify(appCode)},env:"prod"};</script>
</head>
<body>
<div id="app"></div>
<script>
${MD5_JS}
${SIGN_JS}
${script}
</script>
</body>
</html>
`;
}

/** A board's page (`/pro-dfbbs-front/forum/list?fid=`): loads the directory, signed. */
export function liuyanBoardPage(fid: number, name: string, appCode: string): string {
  return shell(`${name}_领导留言板`, appCode, `signedPost('/v1/forum/getTopForums',{fid:${fid}}).then(function(a){document.getElementById('app').setAttribute('data-loaded',a.code===0?'ok':String(a.code));});`);
}

/** A message's public page (`/threads/content?tid=`): loads and shows the signed detail. */
export function liuyanThreadPage(tid: number, appCode: string): string {
  return shell('领导留言板', appCode, `signedPost('/v1/threads/content',{tid:${tid},fromTrash:0}).then(function(a){var app=document.getElementById('app');
if(a.code!==0){app.setAttribute('data-loaded',String(a.code));return;}
a.resultData.contentList.forEach(function(it){var p=document.createElement('p');p.textContent=it.content;app.appendChild(p);});
app.setAttribute('data-loaded','ok');});`);
}
