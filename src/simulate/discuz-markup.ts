/**
 * 《民生热线》 pages in Discuz! X3.4 markup: the forum list (forum-9-N.html) and thread pages
 * (thread-TID-P-1.html), rendered on demand from the world at its current time. Links are the
 * public canonical URLs (http://bbs.cnhubei.com/...), as the real site prints them.
 */
import { discuzRelative, discuzTime, discuzTimeSec } from './clock.js';
import { nickname } from './content.js';
import { brText, discuzFoot, discuzHead, discuzNotice, discuzPager, esc } from './discuz-chrome.js';
import { hash32 } from './rng.js';
import { BBS_ORIGIN as B, threadUrl } from './reports.js';
import { postAuthor, postText, threadText } from './texts.js';
import { CATEGORIES, GROUPS, UNITS, unitUid } from './units.js';
import type { PostSlot, Thread, World } from './world.js';

/** The board's forum id. */
export const FID = 9;
/** Threads per forum list page (Discuz tpp). */
export const THREADS_PER_PAGE = 20;
/** Posts per thread page (Discuz ppp). */
export const POSTS_PER_PAGE = 10;
/** Pseudo thread type listing threads that got an official reply (DOMAIN.md: typeid=34). */
export const ANSWERED_TYPEID = 34;
/** Discuz's answer for a deleted, missing or unapproved thread. */
export const THREAD_GONE_MESSAGE = '抱歉，指定的主题不存在或已被删除或正在被审核';

/** The two sticky announcements at the top of page 1 (not messages). */
export const STICKY_THREADS = [
  { tid: 4_600_101, title: '《民生热线》栏目发帖须知（请网友发帖前务必阅读）', at: Date.parse('2018-03-01T09:00:00+08:00'), body: '欢迎来到荆楚网《民生热线》！发帖请注明事件发生的具体地点、时间和经过，栏目组将及时转交相关部门。请勿发布不实信息和人身攻击言论。' },
  { tid: 4_600_202, title: '关于《民生热线》实名入驻单位回复规范的公告', at: Date.parse('2019-01-02T10:00:00+08:00'), body: '各实名入驻单位：请在收到网友留言转交后及时登录账号进行回复，回复内容应包括调查核实情况、处理结果和联系方式。' },
] as const;
const ADMIN_NAME = '民生热线栏目组';
const ADMIN_UID = 10;

const FLOORS = ['楼主', '沙发', '板凳', '地板'];

/** A post as a page shows it. */
interface ShownPost {
  pid: number;
  at: number;
  author: string;
  uid: number;
  group: { gid: number; title: string };
  html: string;
}

/** Discuz pid of the i-th post of a thread (0 = first post). */
export function pidOf(tid: number, i: number): number {
  return 30_000_000 + (tid - 4_600_000) * 64 + i;
}

const citizenUid = (n: number): number => 200_000 + n * 7;
const citizenGroup = (n: number): { gid: number; title: string } => GROUPS.citizen[n % GROUPS.citizen.length]!;

function shownTime(ms: number, now: number, withSeconds: boolean): string {
  const rel = discuzRelative(ms, now);
  return rel ? `<span title="${withSeconds ? discuzTimeSec(ms) : discuzTime(ms)}">${rel}</span>` : discuzTime(ms);
}

function quote(world: World, t: Thread, body: string): string {
  const short = body.length > 40 ? `${body.slice(0, 40)} ...` : body;
  return `<div class="quote"><blockquote><font size="2"><a href="${B}/forum.php?mod=redirect&amp;goto=findpost&amp;pid=${pidOf(t.tid, 0)}&amp;ptid=${t.tid}" target="_blank"><font color="#999999">${esc(nickname(t.author))} 发表于 ${discuzTime(t.postedAt)}</font></a></font><br />\r\n${esc(short)}</blockquote></div><br />\r\n`;
}

/** The posts of a thread visible now, first post included. */
function shownPosts(world: World, t: Thread): ShownPost[] {
  const edited = world.isEdited(t);
  const text = threadText(world.seed, t, edited);
  const editNote = edited ? `<i class="pstatus"> 本帖最后由 ${esc(nickname(t.author))} 于 ${discuzTime(t.editAt!)} 编辑 </i><br />\r\n<br />\r\n` : '';
  const first: ShownPost = { pid: pidOf(t.tid, 0), at: t.postedAt, author: nickname(t.author), uid: citizenUid(t.author), group: citizenGroup(t.author), html: editNote + brText(text.body) };
  const out = [first];
  t.posts.forEach((p: PostSlot, i) => {
    if (p.at > world.now) return;
    const pid = pidOf(t.tid, i + 1);
    const official = p.kind === 'official';
    const q = official && hash32(world.seed, 'quote', t.tid, i) % 2 === 0 ? quote(world, t, text.body) : '';
    out.push({
      pid,
      at: p.at,
      author: postAuthor(p),
      uid: official ? unitUid(p.who) : citizenUid(p.who),
      group: official ? GROUPS.unit : citizenGroup(p.who),
      html: `<script type="text/javascript">replyreload += ',' + ${pid};</script>${q}${brText(postText(world.seed, t, i, p))}`,
    });
  });
  return out;
}

function postBlock(world: World, tid: number, p: ShownPost, floor: number, page: number): string {
  const h = hash32(world.seed, 'user', p.uid);
  const credits = 10 + (h % 3000);
  const threadsN = 1 + (h % 40);
  const postsN = threadsN + ((h >> 8) % 300);
  const floorLabel = FLOORS[floor - 1] ?? `<em>${floor}</em><sup>#</sup>`;
  const href = floor === 1 ? threadUrl(tid) : `${B}/forum.php?mod=redirect&goto=findpost&ptid=${tid}&pid=${p.pid}`;
  const space = `${B}/space-uid-${p.uid}.html`;
  const author = esc(p.author);
  return `<div id="post_${p.pid}" ><table id="pid${p.pid}" class="plhin" summary="pid${p.pid}" cellspacing="0" cellpadding="0">
<tr>
<td class="pls" rowspan="2">
<div id="favatar${p.pid}" class="pls favatar">
${floor === 1 ? '<a name="newpost"></a> ' : ' '}<div class="pi">
<div class="authi"><a href="${space}" target="_blank" class="xw1">${author}</a>
</div>
</div>
<div class="p_pop blk bui card_gender_0" id="userinfo${p.pid}" style="display: none; margin-top: -11px;">
<div class="m z">
<div id="userinfo${p.pid}_ma"></div>
</div>
<div class="i y">
<div>
<strong><a href="${space}" target="_blank" class="xi2">${author}</a></strong>
<em>当前离线</em>
</div><dl class="cl">
<dt>积分</dt><dd><a href="${B}/home.php?mod=space&uid=${p.uid}&do=profile" target="_blank" class="xi2">${credits}</a></dd>
</dl><div class="imicn">
<a href="${B}/home.php?mod=space&amp;uid=${p.uid}&amp;do=profile" target="_blank" title="查看详细资料"><img src="static/image/common/userinfo.gif" alt="查看详细资料" /></a>
</div>
<div id="avatarfeed"><span id="threadsortswait"></span></div>
</div>
</div>
<div>
<div class="avatar" onmouseover="showauthor(this, 'userinfo${p.pid}')"><a href="${space}" class="avtm" target="_blank"><img src="${B}/uc_server/avatar.php?uid=${p.uid}&size=middle" /></a></div>
</div>
<div class="tns xg2"><table cellspacing="0" cellpadding="0"><th><p><a href="${B}/home.php?mod=space&uid=${p.uid}&do=thread&type=thread&view=me&from=space" class="xi2">${threadsN}</a></p>主题</th><th><p><a href="${B}/home.php?mod=space&uid=${p.uid}&do=thread&type=reply&view=me&from=space" class="xi2">${postsN}</a></p>帖子</th><td><p><a href="${B}/home.php?mod=space&uid=${p.uid}&do=profile" class="xi2">${credits}</a></p>积分</td></table></div>

<p><em><a href="${B}/home.php?mod=spacecp&amp;ac=usergroup&amp;gid=${p.group.gid}" target="_blank">${p.group.title}</a></em></p>


<p><span><img src="static/image/common/star_level2.gif" alt="Rank: ${(h % 5) + 1}" /></span></p>

<dl class="pil cl">
	<dt>积分</dt><dd><a href="${B}/home.php?mod=space&uid=${p.uid}&do=profile" target="_blank" class="xi2">${credits}</a></dd>
</dl>

<dl class="pil cl"></dl><ul class="xl xl2 o cl">
<li class="pm2"><a href="${B}/home.php?mod=spacecp&amp;ac=pm&amp;op=showmsg&amp;handlekey=showmsg_${p.uid}&amp;touid=${p.uid}&amp;pmid=0&amp;daterange=2&amp;pid=${p.pid}&amp;tid=${tid}" onclick="showWindow('sendpm', this.href);" title="发消息" class="xi2">发消息</a></li>
</ul>
</div>
</td>
<td class="plc">
<div class="pi">
${floor === 1 ? `<div id="fj" class="y">
<label class="z">电梯直达</label>
<input type="text" class="px p_fre z" size="2" onkeyup="$('fj_btn').href='forum.php?mod=redirect&ptid=${tid}&authorid=0&postno='+this.value" onkeydown="if(event.keyCode==13) {window.location=$('fj_btn').href;return false;}" title="跳转到指定楼层" />
<a href="javascript:;" id="fj_btn" class="z" title="跳转到指定楼层"><img src="static/image/common/fj_btn.png" alt="跳转到指定楼层" class="vm" /></a>
</div>
` : ''}<strong>
<a href="${href}"   id="postnum${p.pid}" onclick="setCopy(this.href, '帖子地址复制成功');return false;">
${floorLabel}</a>
</strong>
<div class="pti">
<div class="pdbt">
</div>
<div class="authi">
<img class="authicn vm" id="authicon${p.pid}" src="static/image/common/online_member.gif" />
<em id="authorposton${p.pid}">发表于 ${shownTime(p.at, world.now, true)}</em>
<span class="pipe">|</span>
<a href="${B}/forum.php?mod=viewthread&amp;tid=${tid}&amp;page=${page}&amp;authorid=${p.uid}" rel="nofollow">只看该作者</a>
</div>
</div>
</div><div class="pct"><div class="pcb">
<div class="t_fsz">
<table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_${p.pid}">
${p.html}</td></tr></table>


</div>
<div id="comment_${p.pid}" class="cm">
</div>

<div id="post_rate_div_${p.pid}"></div>
</div>
</div>

</td></tr>
<tr><td class="plc plm">
</td>
</tr>
<tr id="_postposition${p.pid}"></tr>
<tr>
<td class="pls"></td>
<td class="plc" style="overflow:visible;">
<div class="po hin">
<div class="pob cl">
<em>
<a class="fastre" href="forum.php?mod=post&amp;action=reply&amp;fid=${FID}&amp;tid=${tid}&amp;repquote=${p.pid}&amp;extra=page%3D1&amp;page=${page}" onclick="showWindow('reply', this.href)">回复</a>
<a class="replyadd" href="forum.php?mod=misc&amp;action=postreview&amp;do=support&amp;tid=${tid}&amp;pid=${p.pid}&amp;hash=5a1c7e3f"  onclick="showWindow('login', this.href)" onmouseover="this.title = ($('review_support_${p.pid}').innerHTML ? $('review_support_${p.pid}').innerHTML : 0) + ' 人 支持'">支持 <span id="review_support_${p.pid}"></span></a>
<a class="replysubtract" href="forum.php?mod=misc&amp;action=postreview&amp;do=against&amp;tid=${tid}&amp;pid=${p.pid}&amp;hash=5a1c7e3f"  onclick="showWindow('login', this.href)" onmouseover="this.title = ($('review_against_${p.pid}').innerHTML ? $('review_against_${p.pid}').innerHTML : 0) + ' 人 反对'">反对 <span id="review_against_${p.pid}"></span></a>
</em>

<p>
<a href="javascript:;" id="mgc_post_${p.pid}" onmouseover="showMenu(this.id)" class="showmenu">使用道具</a>
<a href="javascript:;" onclick="showWindow('miscreport${p.pid}', 'misc.php?mod=report&rtype=post&rid=${p.pid}&tid=${tid}&fid=${FID}', 'get', -1);return false;">举报</a>
</p>

<ul id="mgc_post_${p.pid}_menu" class="p_pop mgcmn" style="display: none;">
<li><a href="${B}/home.php?mod=magic&amp;mid=namepost&amp;idtype=pid&amp;id=${p.pid}:${tid}" id="a_namepost_${p.pid}" onclick="showWindow(this.id, this.href)"><img src="static/image/magic/namepost.small.gif" />照妖镜</a><li>
</ul>
<script type="text/javascript" reload="1">checkmgcmn('post_${p.pid}')</script>
</div>
</div>
</td>
</tr>
<tr class="ad">
<td class="pls">
</td>
<td class="plc">
</td>
</tr>
</table>
</div>`;
}

function categoryOf(name: string): { name: string; typeid: number } {
  return CATEGORIES.find((c) => c.name === name)!;
}

/** Pages a thread has now. */
export function threadPageCount(world: World, t: Thread): number {
  const posts = 1 + t.posts.filter((p) => p.at <= world.now).length;
  return Math.ceil(posts / POSTS_PER_PAGE);
}

/** A sticky announcement as a Thread-like record for rendering. */
function stickyPosts(s: (typeof STICKY_THREADS)[number]): ShownPost[] {
  return [{ pid: pidOf(s.tid, 0), at: s.at, author: ADMIN_NAME, uid: ADMIN_UID, group: GROUPS.admin, html: brText(s.body) }];
}

/**
 * A thread page (`thread-TID-PAGE-1.html`), or the Discuz notice page when the thread does
 * not exist or was deleted (HTTP 200, as Discuz X3.4 answers). Pages past the end show the last.
 */
export function renderThread(world: World, tid: number, page: number, charset: string): { status: number; html: string; found: boolean } {
  const sticky = STICKY_THREADS.find((s) => s.tid === tid);
  const t = sticky ? undefined : world.thread(tid);
  if (!sticky && (!t || world.isDeleted(t))) return { status: 200, html: discuzNotice(THREAD_GONE_MESSAGE, charset), found: false };
  const title = sticky ? sticky.title : threadText(world.seed, t!, world.isEdited(t!)).title;
  const all = sticky ? stickyPosts(sticky) : shownPosts(world, t!);
  const pages = Math.max(1, Math.ceil(all.length / POSTS_PER_PAGE));
  const cur = Math.min(Math.max(1, page), pages);
  const shown = all.slice((cur - 1) * POSTS_PER_PAGE, cur * POSTS_PER_PAGE);
  const views = sticky ? 5000 + (tid % 1000) : world.views(t!);
  const cat = t ? categoryOf(t.category) : null;
  const shortTitle = title.length > 24 ? `${title.slice(0, 24)} ...` : title;
  const pager = discuzPager(cur, pages, (p) => threadUrl(tid, p), `forum.php?mod=viewthread&tid=${tid}&page=`);
  const head = discuzHead({
    title: `${title} - 民生热线 - 东湖社区`,
    charset,
    canonical: threadUrl(tid),
    keywords: title,
    bodyClass: 'pg_viewthread',
    crumbs: [[`${B}/forum-${FID}-1.html`, '民生热线'], [threadUrl(tid), shortTitle]],
    css: 'forum_viewthread',
  });
  const posts = shown.map((p, i) => postBlock(world, tid, p, (cur - 1) * POSTS_PER_PAGE + i + 1, cur)).join('');
  const body = `<style id="diy_style" type="text/css"></style>
<div class="wp">
<!--[diy=diy1]--><div id="diy1" class="area"></div><!--[/diy]-->
</div>

<div id="ct" class="wp cl">
<div id="pgt" class="pgs mbm cl ">
<div class="pgt">${pager}</div>
<span class="y pgb"><a href="${B}/forum-${FID}-1.html">返回列表</a></span>
<a id="newspecial" onmouseover="$('newspecial').id = 'newspecialtmp';this.id = 'newspecial';showMenu({'ctrlid':this.id})" onclick="showWindow('newthread', 'forum.php?mod=post&action=newthread&fid=${FID}')" href="javascript:;" title="发新帖"><img src="static/image/common/pn_post.png" alt="发新帖" /></a></div>



<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0">
<tr>
<td class="pls ptn pbn">
<div class="hm ptn">
<span class="xg1">查看:</span> <span class="xi1">${views}</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">${all.length - 1}</span>
</div>
</td>
<td class="plc ptm pbn vwthd">
<div class="y">
<a href="${B}/forum.php?mod=viewthread&amp;action=printable&amp;tid=${tid}" title="打印" target="_blank"><img src="static/image/common/print.png" alt="打印" class="vm" /></a>
<a href="${B}/forum.php?mod=redirect&amp;goto=nextoldset&amp;tid=${tid}" title="上一主题"><img src="static/image/common/thread-prev.png" alt="上一主题" class="vm" /></a>
<a href="${B}/forum.php?mod=redirect&amp;goto=nextnewset&amp;tid=${tid}" title="下一主题"><img src="static/image/common/thread-next.png" alt="下一主题" class="vm" /></a>
</div>
<h1 class="ts">
${cat ? `<a href="${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=typeid&amp;typeid=${cat.typeid}">[${cat.name}]</a>\n` : ''}<span id="thread_subject">${esc(title)}</span>
</h1>
<span class="xg1">
<a href="${threadUrl(tid)}" onclick="return copyThreadUrl(this, '东湖社区')" >[复制链接]</a>
</span>
</td>
</tr>
</table>


<table cellspacing="0" cellpadding="0" class="ad">
<tr>
<td class="pls">
</td>
<td class="plc">
</td>
</tr>
</table>${posts}<div id="postlistreply" class="pl"><div id="post_new" class="viewthread_table" style="display: none"></div></div>
</div>


<form method="post" autocomplete="off" name="modactions" id="modactions">
<input type="hidden" name="formhash" value="5a1c7e3f" />
<input type="hidden" name="optgroup" />
<input type="hidden" name="operation" />
<input type="hidden" name="listextra" value="page%3D1" />
<input type="hidden" name="page" value="${cur}" />
</form>

${cur < pages ? `<div class="pgbtn"><a href="${threadUrl(tid, cur + 1)}" hidefocus="true" class="bm_h">下一页 &raquo;</a></div>\n` : ''}
<div class="pgs mtm mbm cl">
${pager}<span class="pgb y"><a href="${B}/forum-${FID}-1.html">返回列表</a></span>
</div>

<!--[diy=diyfastposttop]--><div id="diyfastposttop" class="area"></div><!--[/diy]-->
<div id="f_pst" class="pl bm bmw">
<form method="post" autocomplete="off" id="fastpostform" action="forum.php?mod=post&amp;action=reply&amp;fid=${FID}&amp;tid=${tid}&amp;extra=page%3D1&amp;replysubmit=yes&amp;infloat=yes&amp;handlekey=fastpost">
<table cellspacing="0" cellpadding="0">
<tr>
<td class="pls">
</td>
<td class="plc">
<span id="fastpostreturn"></span>
<div class="cl">
<div class="hasfsl" id="fastposteditor">
<div class="tedt mtn">
<div class="area">
<div class="pt hm">
您需要登录后才可以回帖 <a href="member.php?mod=logging&amp;action=login" onclick="showWindow('login', this.href)" class="xi2">登录</a> | <a href="member.php?mod=register" class="xi2">立即注册</a>
</div>
</div>
</div>
</div>
</div>
</td>
</tr>
</table>
</form>
</div>
`;
  const foot = `<script type="text/javascript">document.onkeyup = function(e){keyPageScroll(e, ${cur > 1 ? 1 : 0}, ${cur < pages ? 1 : 0}, 'forum.php?mod=viewthread&tid=${tid}', ${cur});}</script>
</div>
<script type="text/javascript">
fixed_avatar([${shown.map((p) => p.pid).join(',')}], 1);
</script>`;
  return { status: 200, html: head + body + discuzFoot(foot), found: true };
}

/** What a list row needs to know about a thread. */
function listRow(world: World, t: Thread): string {
  const edited = world.isEdited(t);
  const title = threadText(world.seed, t, edited).title;
  const visiblePosts = t.posts.filter((p) => p.at <= world.now);
  const last = visiblePosts[visiblePosts.length - 1];
  const lastAt = last ? last.at : t.postedAt;
  const lastName = last ? postAuthor(last) : nickname(t.author);
  const cat = categoryOf(t.category);
  const pages = Math.ceil((visiblePosts.length + 1) / POSTS_PER_PAGE);
  const url = threadUrl(t.tid);
  let tps = '';
  if (pages > 1) {
    const links: string[] = [];
    for (let p = 2; p <= Math.min(pages, 6); p++) links.push(`<a href="${threadUrl(t.tid, p)}">${p}</a>`);
    if (pages > 6) links.push(`..<a href="${threadUrl(t.tid, pages)}">${pages}</a>`);
    tps = `\n<span class="tps">&nbsp;...${links.join('')}</span>`;
  }
  const replied = visiblePosts.some((p) => p.kind === 'official');
  return `<tbody id="normalthread_${t.tid}">
<tr>
<td class="icn">
<a href="${url}" title="${replied ? '有新回复' : '新窗口打开'} - 新窗口打开" target="_blank">
<img src="static/image/common/folder_${replied ? 'new' : 'common'}.gif" />
</a>
</td>
<th class="${replied ? 'new' : 'common'}">
<a href="javascript:;" id="content_${t.tid}" class="showcontent y" title="更多操作" onclick="CONTENT_TID='${t.tid}';CONTENT_ID='normalthread_${t.tid}';showMenu({'ctrlid':this.id,'menuid':'content_menu'})"></a>
<em>[<a href="${B}/forum.php?mod=forumdisplay&fid=${FID}&amp;filter=typeid&amp;typeid=${cat.typeid}">${cat.name}</a>]</em> <a href="${url}" onclick="atarget(this)" class="s xst">${esc(title)}</a>${tps}
</th>
<td class="by">
<cite>
<a href="${B}/space-uid-${citizenUid(t.author)}.html" c="1">${esc(nickname(t.author))}</a></cite>
<em><span>${shownTime(t.postedAt, world.now, false)}</span></em>
</td>
<td class="num"><a href="${url}" class="xi2">${visiblePosts.length}</a><em>${world.views(t)}</em></td>
<td class="by">
<cite><a href="${B}/space-username-${encodeURIComponent(lastName)}.html" c="1">${esc(lastName)}</a></cite>
<em><a href="${B}/forum.php?mod=redirect&tid=${t.tid}&goto=lastpost#lastpost">${shownTime(lastAt, world.now, false)}</a></em>
</td>
</tr>
</tbody>
`;
}

function stickyRow(s: (typeof STICKY_THREADS)[number]): string {
  const url = threadUrl(s.tid);
  return `<tbody id="stickthread_${s.tid}">
<tr>
<td class="icn">
<a href="${url}" title="全局置顶主题 - 新窗口打开" target="_blank">
<img src="static/image/common/pin_3.gif" alt="全局置顶" />
</a>
</td>
<th class="common">
<a href="javascript:;" id="content_${s.tid}" class="showcontent y" title="更多操作" onclick="CONTENT_TID='${s.tid}';CONTENT_ID='stickthread_${s.tid}';showMenu({'ctrlid':this.id,'menuid':'content_menu'})"></a>
 <a href="${url}" onclick="atarget(this)" class="s xst">${esc(s.title)}</a>
</th>
<td class="by">
<cite>
<a href="${B}/space-uid-${ADMIN_UID}.html" c="1" style="color: #FF0000;">${ADMIN_NAME}</a></cite>
<em><span>${discuzTime(s.at)}</span></em>
</td>
<td class="num"><a href="${url}" class="xi2">0</a><em>${5000 + (s.tid % 1000)}</em></td>
<td class="by">
<cite><a href="${B}/space-username-${encodeURIComponent(ADMIN_NAME)}.html" c="1">${ADMIN_NAME}</a></cite>
<em><a href="${B}/forum.php?mod=redirect&tid=${s.tid}&goto=lastpost#lastpost">${discuzTime(s.at)}</a></em>
</td>
</tr>
</tbody>
`;
}

/**
 * A forum list page: `forum-9-N.html`, or with a `typeid` the
 * `forum.php?mod=forumdisplay&fid=9&filter=typeid&typeid=T&page=N` view (a category, or 34 =
 * threads with an official reply). Threads newest last post first, 20 a page, the two sticky
 * rows on page 1 of the unfiltered list; pages past the end show the last.
 */
export function renderForumList(world: World, page: number, charset: string, typeid: number | null = null): string {
  const view = world.listView();
  const order = view.order;
  const filtered = typeid !== null;
  const category = CATEGORIES.find((c) => c.typeid === typeid);
  const rows =
    typeid === ANSWERED_TYPEID
      ? view.answered
      : category
        ? order.filter((t) => t.category === category.name)
        : order;
  const pages = Math.max(1, Math.ceil(rows.length / THREADS_PER_PAGE));
  const cur = Math.min(Math.max(1, page), pages);
  const href = filtered
    ? (p: number) => `${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=typeid&amp;typeid=${typeid}&amp;page=${p}`
    : (p: number) => `${B}/forum-${FID}-${p}.html`;
  const pager = discuzPager(cur, pages, href, `forum.php?mod=forumdisplay&fid=${FID}${filtered ? `&filter=typeid&typeid=${typeid}` : ''}&page=`);
  const counts = view.perCategory;
  const answered = view.answered.length;
  const types = CATEGORIES.map((c) => `<li><a href="${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=typeid&amp;typeid=${c.typeid}">${c.name}<span class="xg1 num">${counts.get(c.name) ?? 0}</span></a></li>`).join('\n');
  const today = view.today;
  const head = discuzHead({ title: `民生热线 - 东湖社区`, charset, bodyClass: 'pg_forumdisplay', crumbs: [[`${B}/forum-${FID}-1.html`, '民生热线']], css: 'forum_forumdisplay' });
  const body = `<div class="wp">
<!--[diy=diy1]--><div id="diy1" class="area"></div><!--[/diy]-->
</div>
<div class="boardnav">
<div id="ct" class="wp cl">
<div class="mn">
<div class="bm bml pbn">
<div class="bm_h cl">
<span class="y">
<a href="home.php?mod=spacecp&amp;ac=favorite&amp;type=forum&amp;id=${FID}&amp;handlekey=favoriteforum&amp;formhash=5a1c7e3f" id="a_favorite" class="fa_fav" onclick="showWindow(this.id, this.href, 'get', 0);">收藏本版 <strong class="xi1" id="number_favorite" >1862</strong></a>
</span>
<h1 class="xs2">
<a href="${B}/forum-${FID}-1.html">民生热线</a>
<span class="xs1 xw0 i">今日: <strong class="xi1">${today}</strong><span class="pipe">|</span>主题: <strong class="xi1">${order.length}</strong><span class="pipe">|</span>排名: <strong class="xi1" title="上次排名:1">1</strong></span></h1>
</div>
<div class="bm_c cl pbn">
<div>版主: <span class="xi2"><a href="${B}/space-username-${encodeURIComponent(ADMIN_NAME)}.html" class="notabs" c="1">${ADMIN_NAME}</a></span></div>
<div class="pbn xg2 cl">荆楚网《民生热线》：网民反映问题，栏目组转交相关部门，实名入驻单位公开回复。</div>
</div>
</div>

<div id="pgt" class="bm bw0 pgs cl">
<span id="fd_page_top">${pager}</span>
<span class="pgb y"  ><a href="${B}/forum.php">返&nbsp;回</a></span>
<a href="javascript:;" id="newspecial" onmouseover="$('newspecial').id = 'newspecialtmp';this.id = 'newspecial';showMenu({'ctrlid':this.id})" onclick="showWindow('newthread', 'forum.php?mod=post&action=newthread&fid=${FID}')" title="发新帖"><img src="static/image/common/pn_post.png" alt="发新帖" /></a></div>

<ul id="thread_types" class="ttp bm cl">
<li id="ttp_all" ${filtered ? "" : 'class="xw1 a"'}><a href="${B}/forum-${FID}-1.html">全部</a></li>
${types}
<li${typeid === ANSWERED_TYPEID ? ' class="xw1 a"' : ''}><a href="${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=typeid&amp;typeid=${ANSWERED_TYPEID}">已回复<span class="xg1 num">${answered}</span></a></li>
</ul>
<script type="text/javascript">showTypes('thread_types');</script>
<div id="threadlist" class="tl bm bmw">
<div class="th">
<table cellspacing="0" cellpadding="0">
<tr>
<th colspan="2">
<div class="tf">
<span id="atarget" onclick="setatarget(-1)" class="y atarget_1" title="在新窗口中打开帖子">新窗</span>
<a id="filter_special" href="javascript:;" class="showmenu xi2" onclick="showMenu(this.id)">全部主题</a>&nbsp;
<a href="${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=lastpost&amp;orderby=lastpost" class="xi2">最新</a>&nbsp;
<a href="${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=heat&amp;orderby=heats" class="xi2">热门</a>&nbsp;
<a href="${B}/forum.php?mod=forumdisplay&amp;fid=${FID}&amp;filter=digest&amp;digest=1" class="xi2">精华</a>&nbsp;
</div>
</th>
<td class="by">作者</td>
<td class="num">回复/查看</td>
<td class="by">最后发表</td>
</tr>
</table>
</div>
<div class="bm_c">
<script type="text/javascript">var lasttime = ${Math.floor(world.now / 1000)};var listcolspan= '5';</script>
<div id="forumnew" style="display:none"></div>
<form method="post" autocomplete="off" name="moderate" id="moderate" action="forum.php?mod=topicadmin&amp;action=moderate&amp;fid=${FID}&amp;infloat=yes&amp;nopost=yes">
<input type="hidden" name="formhash" value="5a1c7e3f" />
<input type="hidden" name="listextra" value="page%3D${cur}" />
<table summary="forum_${FID}" cellspacing="0" cellpadding="0" id="threadlisttableid">
${cur === 1 && !filtered ? STICKY_THREADS.map(stickyRow).join('') : ''}<tbody id="separatorline" class="emptb"><tr><td class="icn"></td><th></th><td class="by"></td><td class="num"></td><td class="by"></td></tr></tbody>
${rows.slice((cur - 1) * THREADS_PER_PAGE, cur * THREADS_PER_PAGE).map((t) => listRow(world, t)).join('')}</table><!-- end of table "forum_G[fid]" branch 1/3 -->
</form>
</div>
</div>

<div class="bm bw0 pgs cl">
<span id="fd_page_bottom">${pager}</span>
<span  class="pgb y"><a href="${B}/forum.php">返&nbsp;回</a></span>
</div>
</div>
</div>
</div>
`;
  return head + body + discuzFoot('');
}

/** The unit list (`special.php?mod=msrx&mc=more`): the registered unit accounts. */
export function renderUnitList(charset: string): string {
  const items = UNITS.map((u, i) => `<li><a href="${B}/space-uid-${unitUid(i)}.html" target="_blank">${esc(u.name)}</a><span class="xg1">${esc(u.city)}</span></li>`).join('\n');
  return (
    discuzHead({ title: '实名入驻单位 - 民生热线 - 东湖社区', charset, bodyClass: 'pg_special', crumbs: [[`${B}/forum-${FID}-1.html`, '民生热线'], [`${B}/special.php?mod=msrx&amp;mc=more`, '实名入驻单位']], css: 'forum_forumdisplay' }) +
    `<div id="ct" class="wp cl"><div class="bm"><div class="bm_h"><h2>《民生热线》实名入驻单位</h2></div><div class="bm_c"><ul class="msrx_units">\n${items}\n</ul></div></div></div>\n` +
    discuzFoot('')
  );
}

/** The forum index (`forum.php`, `/`): a link to the board. */
export function renderForumIndex(charset: string): string {
  return (
    discuzHead({ title: '东湖社区', charset, bodyClass: 'pg_index', crumbs: [], css: 'forum_index' }) +
    `<div id="ct" class="wp cl"><div class="bm"><div class="bm_h"><h2><a href="${B}/forum.php?gid=1">荆楚民生</a></h2></div><div class="bm_c"><h2><a href="${B}/forum-${FID}-1.html">民生热线</a></h2></div></div></div>\n` +
    discuzFoot('')
  );
}
