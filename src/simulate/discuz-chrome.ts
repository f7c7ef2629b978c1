/**
 * The page chrome of the simulated 东湖社区 (bbs.cnhubei.com) Discuz! X3.4 board: head,
 * top bar, header, navigation, footer, and the `showmessage` notice page. Modelled on the
 * real X3.4 pages in fixtures/real/discuz-bbs.talkop.com/, so pages weigh what real ones do.
 */
import { BBS_ORIGIN as B } from './reports.js';

/** HTML-escapes text. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text with line breaks as Discuz prints a post body. */
export function brText(s: string): string {
  return esc(s).replace(/\n/g, '<br />\r\n');
}

const SITE = '东湖社区';
const FORUMS: readonly [number, string][] = [
  [9, '民生热线'], [12, '东湖茶座'], [15, '荆楚旅游'], [18, '楚天房产'], [21, '湖北汽车'],
  [24, '东湖摄影'], [27, '情感天地'], [30, '美食天地'], [33, '教育论坛'], [36, '健康社区'],
  [39, '荆楚文化'], [42, '体育沙龙'], [45, '数码影音'], [48, '求职招聘'], [51, '站务公告'],
];

/** Everything from <!DOCTYPE> to the breadcrumb of a Discuz page. */
export function discuzHead(opts: { title: string; charset: string; canonical?: string; keywords?: string; bodyClass: string; crumbs: [string, string][]; css: string }): string {
  const cs = opts.charset;
  const crumbs = opts.crumbs.map(([href, text]) => ` <em>&rsaquo;</em> <a href="${href}">${esc(text)}</a>`).join('');
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${cs}" />
<title>${esc(opts.title)} -  Powered by Discuz!</title>
${opts.canonical ? `<link href="${opts.canonical}" rel="canonical" />\n` : ''}<meta name="keywords" content="${esc(opts.keywords ?? '民生热线,荆楚网,东湖社区,网络问政')}" />
<meta name="description" content="${esc(opts.keywords ?? '荆楚网民生热线')} ,${SITE}" />
<meta name="generator" content="Discuz! X3.4" />
<meta name="author" content="Discuz! Team and Comsenz UI Team" />
<meta name="copyright" content="2001-2017 Comsenz Inc." />
<meta name="MSSmartTagsPreventParsing" content="True" />
<meta http-equiv="MSThemeCompatible" content="Yes" />
<base href="${B}/" /><link rel="stylesheet" type="text/css" href="data/cache/style_1_common.css?Ynm" /><link rel="stylesheet" type="text/css" href="data/cache/style_1_${opts.css}.css?Ynm" /><script type="text/javascript">var STYLEID = '1', STATICURL = 'static/', IMGDIR = 'static/image/common', VERHASH = 'Ynm', charset = '${cs}', discuz_uid = '0', cookiepre = 'cnhb_2132_', cookiedomain = '.cnhubei.com', cookiepath = '/', showusercard = '1', attackevasive = '0', disallowfloat = 'newthread|reply', creditnotice = '1|威望|,2|金钱|,3|贡献|', defaultstyle = '', REPORTURL = 'aHR0cDovL2Jicy5jbmh1YmVpLmNvbS8=', SITEURL = '${B}/', JSPATH = 'static/js/', CSSPATH = 'data/cache/style_', DYNAMICURL = '';</script>
<script src="static/js/common.js?Ynm" type="text/javascript"></script>
<meta name="application-name" content="${SITE}" />
<meta name="msapplication-tooltip" content="${SITE}" />
<meta name="msapplication-task" content="name=门户;action-uri=${B}/portal.php;icon-uri=${B}/static/image/common/portal.ico" /><meta name="msapplication-task" content="name=论坛;action-uri=${B}/forum.php;icon-uri=${B}/static/image/common/bbs.ico" />
<meta name="msapplication-task" content="name=群组;action-uri=${B}/group.php;icon-uri=${B}/static/image/common/group.ico" /><meta name="msapplication-task" content="name=动态;action-uri=${B}/home.php;icon-uri=${B}/static/image/common/home.ico" /><link rel="archives" title="${SITE}" href="${B}/archiver/" />
<link rel="stylesheet" id="css_widthauto" type="text/css" href="data/cache/style_1_widthauto.css?Ynm" />
<script type="text/javascript">HTMLNODE.className += ' widthauto'</script>
<script src="static/js/forum.js?Ynm" type="text/javascript"></script>
</head>

<body id="nv_forum" class="${opts.bodyClass}" onkeydown="if(event.keyCode==27) return false;">
<div id="append_parent"></div><div id="ajaxwaitid"></div>
<div id="toptb" class="cl">
<div class="wp">
<div class="z"><a href="javascript:;"  onclick="setHomepage('${B}/');">设为首页</a><a href="${B}/"  onclick="addFavorite(this.href, '${SITE}');return false;">收藏本站</a><a href="http://www.cnhubei.com/" target="_blank">荆楚网首页</a><a href="http://news.cnhubei.com/" target="_blank">新闻</a><a href="${B}/forum-9-1.html">民生热线</a><a href="${B}/special.php?mod=msrx&amp;mc=more">入驻单位</a></div>
<div class="y">
<a id="switchblind" href="javascript:;" onclick="toggleBlind(this)" title="开启辅助访问" class="switchblind">开启辅助访问</a>
<a href="javascript:;" id="switchwidth" onclick="widthauto(this)" title="切换到窄版" class="switchwidth">切换到窄版</a>
</div>
</div>
</div>

<div id="qmenu_menu" class="p_pop blk" style="display: none;">
<div class="ptm pbw hm">
请 <a href="javascript:;" class="xi2" onclick="lsSubmit()"><strong>登录</strong></a> 后使用快捷导航<br />没有帐号？<a href="member.php?mod=register" class="xi2 xw1">立即注册</a>
</div>
<div id="fjump_menu" class="btda"></div></div><div id="hd">
<div class="wp">
<div class="hdc cl"><h2><a href="${B}/" title="${SITE}"><img src="static/image/common/logo.png" alt="${SITE}" border="0" /></a></h2><script src="static/js/logging.js?Ynm" type="text/javascript"></script>
<form method="post" autocomplete="off" id="lsform" action="member.php?mod=logging&amp;action=login&amp;loginsubmit=yes&amp;infloat=yes&amp;lssubmit=yes" onsubmit="return lsSubmit();">
<div class="fastlg cl">
<span id="return_ls" style="display:none"></span>
<div class="y pns">
<table cellspacing="0" cellpadding="0">
<tr>
<td>
<span class="ftid">
<select name="fastloginfield" id="ls_fastloginfield" width="40" tabindex="900">
<option value="username">用户名</option>
<option value="email">Email</option>
</select>
</span>
<script type="text/javascript">simulateSelect('ls_fastloginfield')</script>
</td>
<td><input type="text" name="username" id="ls_username" autocomplete="off" class="px vm" tabindex="901" /></td>
<td class="fastlg_l"><label for="ls_cookietime"><input type="checkbox" name="cookietime" id="ls_cookietime" class="pc" value="2592000" tabindex="903" />自动登录</label></td>
<td>&nbsp;<a href="javascript:;" onclick="showWindow('login', 'member.php?mod=logging&action=login&viewlostpw=1')">找回密码</a></td>
</tr>
<tr>
<td><label for="ls_password" class="z psw_w">密码</label></td>
<td><input type="password" name="password" id="ls_password" class="px vm" autocomplete="off" tabindex="902" /></td>
<td class="fastlg_l"><button type="submit" class="pn vm" tabindex="904" style="width: 75px;"><em>登录</em></button></td>
<td>&nbsp;<a href="member.php?mod=register" class="xi2 xw1">立即注册</a></td>
</tr>
</table>
<input type="hidden" name="quickforward" value="yes" />
<input type="hidden" name="handlekey" value="ls" />
</div>
<div class="fastlg_fm y" style="margin-right: 10px; padding-right: 10px">
<p><a href="${B}/connect.php?mod=login&op=init&statfrom=login_simple"><img src="static/image/common/qq_login.gif" class="vm" alt="QQ登录" /></a></p>
<p class="hm xg1" style="padding-top: 2px;">只需一步，快速开始</p>
</div>
</div>
</form>
</div>

<div id="nv">
<a href="javascript:;" id="qmenu" onmouseover="delayShow(this, function () {showMenu({'ctrlid':'qmenu','pos':'34!','ctrlclass':'a','duration':2});showForummenu(9);})">快捷导航</a>
<ul><li id="mn_portal" ><a href="${B}/portal.php" hidefocus="true" title="Portal"  >门户<span>Portal</span></a></li><li class="a" id="mn_forum" ><a href="${B}/forum.php" hidefocus="true" title="BBS"  >论坛<span>BBS</span></a></li><li id="mn_N3a8e" ><a href="${B}/forum-9-1.html" hidefocus="true"  >民生热线</a></li><li id="mn_N0a2c" ><a href="${B}/special.php?mod=msrx&amp;mc=more" hidefocus="true"  >实名入驻单位</a></li><li id="mn_home" ><a href="${B}/home.php" hidefocus="true" title="Space"  >动态<span>Space</span></a></li><li id="mn_N12a7" ><a href="${B}/misc.php?mod=ranklist" hidefocus="true" title="Ranklist"  >排行榜<span>Ranklist</span></a></li><li id="mn_Nd2e5" ><a href="http://news.cnhubei.com/" hidefocus="true" target="_blank"  >荆楚网新闻</a></li></ul>
</div>
<div id="mu" class="cl">
</div><div id="scbar" class="cl">
<form id="scbar_form" method="post" autocomplete="off" onsubmit="searchFocus($('scbar_txt'))" action="search.php?searchsubmit=yes" target="_blank">
<input type="hidden" name="mod" id="scbar_mod" value="search" />
<input type="hidden" name="formhash" value="5a1c7e3f" />
<input type="hidden" name="srchtype" value="title" />
<input type="hidden" name="srhfid" value="9" />
<input type="hidden" name="srhlocality" value="forum::viewthread" />
<table cellspacing="0" cellpadding="0">
<tr>
<td class="scbar_icon_td"></td>
<td class="scbar_txt_td"><input type="text" name="srchtxt" id="scbar_txt" value="请输入搜索内容" autocomplete="off" x-webkit-speech speech /></td>
<td class="scbar_type_td"><a href="javascript:;" id="scbar_type" class="xg1" onclick="showMenu(this.id)" hidefocus="true">搜索</a></td>
<td class="scbar_btn_td"><button type="submit" name="searchsubmit" id="scbar_btn" sc="1" class="pn pnc" value="true"><strong class="xi2">搜索</strong></button></td>
<td class="scbar_hot_td">
<div id="scbar_hot">
<strong class="xw1">热搜: </strong>
<a href="search.php?mod=forum&amp;srchtxt=%E5%99%AA%E9%9F%B3&amp;formhash=5a1c7e3f&amp;searchsubmit=true&amp;source=hotsearch" target="_blank" class="xi2" sc="1">噪音</a>
<a href="search.php?mod=forum&amp;srchtxt=%E6%8B%96%E6%AC%A0%E5%B7%A5%E8%B5%84&amp;formhash=5a1c7e3f&amp;searchsubmit=true&amp;source=hotsearch" target="_blank" class="xi2" sc="1">拖欠工资</a>
<a href="search.php?mod=forum&amp;srchtxt=%E4%BA%A4%E6%88%BF&amp;formhash=5a1c7e3f&amp;searchsubmit=true&amp;source=hotsearch" target="_blank" class="xi2" sc="1">交房</a>
<a href="search.php?mod=forum&amp;srchtxt=%E7%89%A9%E4%B8%9A&amp;formhash=5a1c7e3f&amp;searchsubmit=true&amp;source=hotsearch" target="_blank" class="xi2" sc="1">物业</a>
</div>
</td>
</tr>
</table>
</form>
</div>
<ul id="scbar_type_menu" class="p_pop" style="display: none;"><li><a href="javascript:;" rel="curforum" fid="9" >本版</a></li><li><a href="javascript:;" rel="forum" class="curtype">帖子</a></li><li><a href="javascript:;" rel="user">用户</a></li></ul>
<script type="text/javascript">
initSearchmenu('scbar', '');
</script>
</div>
</div>

<div id="wp" class="wp">
<div id="pt" class="bm cl">
<div class="z">
<a href="./" class="nvhm" title="首页">${SITE}</a><em>&raquo;</em><a href="${B}/forum.php">论坛</a> <em>&rsaquo;</em> <a href="${B}/forum.php?gid=1">荆楚民生</a>${crumbs}</div>
</div>
`;
}

/** The forum jump menu and footer, down to </html>. */
export function discuzFoot(footScript: string): string {
  const jump = FORUMS.map(([fid, name]) => `<li><a href="${B}/forum-${fid}-1.html">${name}</a></li>`).join('\n');
  return `<div class="wp mtn">
<!--[diy=diy3]--><div id="diy3" class="area"></div><!--[/diy]-->
</div>
${footScript}
</div>
<div id="fjump_menu_list" class="p_pop" style="display:none"><ul>
${jump}
</ul></div>
<div id="ft" class="wp cl">
<div id="flk" class="y">
<p>
<a href="http://www.cnhubei.com/" >荆楚网</a><span class="pipe">|</span><a href="${B}/archiver/" >Archiver</a><span class="pipe">|</span><a href="${B}/forum.php?mobile=yes" >手机版</a><span class="pipe">|</span><a href="${B}/forum.php?mod=misc&action=showdarkroom" >小黑屋</a><span class="pipe">|</span><strong><a href="${B}/" target="_blank">${SITE}</a></strong>
( <a href="http://www.miitbeian.gov.cn/" target="_blank">鄂ICP备13005331号</a> )</p>
<p class="xs0">
湖北荆楚网络科技股份有限公司 版权所有 未经同意不得复制或镜像<span id="debuginfo">
, Processed in 0.048211 second(s), 31 queries
, Memcache On.
</span>
</p>
</div>
<div id="frt">
<p>Powered by <strong><a href="http://www.discuz.net" target="_blank">Discuz!</a></strong> <em>X3.4</em></p>
<p class="xs0">&copy; 2001-2021 <a href="http://www.comsenz.com" target="_blank">Comsenz Inc.</a></p>
</div></div>
<div id="scrolltop">
<span hidefocus="true"><a title="返回顶部" onclick="window.scrollTo('0','0')" class="scrolltopa" ><b>返回顶部</b></a></span>
<span>
<a href="${B}/forum-9-1.html" hidefocus="true" class="returnlist" title="返回列表"><b>返回列表</b></a>
</span>
</div>
<script type="text/javascript">_attachEvent(window, 'scroll', function () { showTopLink(); });checkBlind();</script>
</body>
</html>
`;
}

/**
 * A Discuz showmessage() notice page (thread gone, forum missing, login needed). Discuz
 * X3.4 serves these with HTTP 200.
 */
export function discuzNotice(message: string, charset: string): string {
  return (
    discuzHead({ title: `提示信息 - ${SITE}`, charset, bodyClass: 'pg_viewthread', crumbs: [[`${B}/forum-9-1.html`, '民生热线']], css: 'forum_viewthread' }) +
    `<div id="ct" class="wp cl w">
<div class="nfl">
<div class="f_c altw">
<div id="messagetext" class="alert_error">
<p>${esc(message)}</p>
<script type="text/javascript">
if(history.length > (BROWSER.ie ? 0 : 1)) {
$('messagetext').className += ' alert_btnleft';
}
</script>
<p class="alert_btnleft"><a href="javascript:history.back()">[ 点击这里返回上一页 ]</a></p>
</div>
</div>
</div>
</div>
` +
    discuzFoot('')
  );
}

/**
 * Discuz multi(): the `div.pg` pager. `href(p)` gives the URL of page p; omitted for one page.
 */
export function discuzPager(cur: number, total: number, href: (p: number) => string, jumpBase: string): string {
  if (total <= 1) return '';
  const from = Math.max(1, Math.min(cur - 4, total - 9));
  const to = Math.min(total, from + 9);
  let out = '<div class="pg">';
  if (from > 1) out += `<a href="${href(1)}" class="first">1 ...</a>`;
  if (cur > 1) out += `<a href="${href(cur - 1)}" class="prev">&nbsp;&nbsp;</a>`;
  for (let p = from; p <= to; p++) out += p === cur ? `<strong>${p}</strong>` : `<a href="${href(p)}">${p}</a>`;
  if (to < total) out += `<a href="${href(total)}" class="last">... ${total}</a>`;
  out += `<label><input type="text" name="custompage" class="px" size="2" title="输入页码，按回车快速跳转" value="${cur}" onkeydown="if(event.keyCode==13) {window.location='${jumpBase}'+this.value;; doane(event);}" /><span title="共 ${total} 页"> / ${total} 页</span></label>`;
  if (cur < total) out += `<a href="${href(cur + 1)}" class="nxt">下一页</a>`;
  return `${out}</div>`;
}
