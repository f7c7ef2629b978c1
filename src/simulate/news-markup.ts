/**
 * news.cnhubei.com as the simulator serves it: the two column list pages (问政报告 `wzbg`,
 * 每日回复 `mrhf`, paged `index.html`, `index_2.html`, ...) and the articles at
 * /content/YYYY-MM/DD/content_N.html in the layout DOMAIN.md describes (breadcrumb, title,
 * `发布时间` in #lmy_information01, body in div.article_w).
 */
import { cnPublished, dateCn } from './clock.js';
import { esc } from './discuz-chrome.js';
import { NEWS_ORIGIN as N, type ReportArticle, type Reports } from './reports.js';

/** Column paths and names. */
export const COLUMNS = { wzbg: '问政报告', mrhf: '每日回复' } as const;
/** Articles per column list page. */
export const ARTICLES_PER_PAGE = 20;

/** Public URL of a column list page. */
export const columnUrl = (column: keyof typeof COLUMNS, page = 1): string => `${N}/${column}/${page === 1 ? 'index' : `index_${page}`}.html`;

function shell(title: string, charset: string, crumbs: string, main: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}" />
<title>${esc(title)}_荆楚网</title>
<meta name="keywords" content="荆楚网,网络问政,民生热线,荆楚问政" />
<link rel="stylesheet" href="http://www.cnhubei.com/css/lmy_common.css" />
<script type="text/javascript" src="http://www.cnhubei.com/js/jquery-1.8.3.min.js"></script>
</head>
<body>
<div class="lmy_top"><div class="lmy_top_l"><a href="http://www.cnhubei.com/">荆楚网首页</a> | <a href="http://news.cnhubei.com/">新闻</a> | <a href="http://bbs.cnhubei.com/">东湖社区</a> | <a href="http://wz.cnhubei.com/">荆楚问政</a></div><div class="lmy_top_r">关注我们</div></div>
<div class="lmy_logo"><a href="http://www.cnhubei.com/"><img src="http://www.cnhubei.com/images/logo.png" alt="荆楚网" /></a></div>
<div class="lmy_nav">${['首页', '新闻', '湖北', '武汉', '问政', '民生', '视频', '图片', '评论', '专题'].map((n) => `<a href="http://www.cnhubei.com/">${n}</a>`).join(' ')}</div>
<div class="lmy_crumb"><a href="http://www.cnhubei.com/">荆楚网</a> &gt; <a href="${N}/">新闻</a> &gt; ${crumbs}</div>
${main}
<div class="lmy_footer">
<p><a href="http://www.cnhubei.com/about/">关于我们</a> - <a href="http://www.cnhubei.com/copyright/">版权声明</a> - <a href="http://www.cnhubei.com/ad/">广告服务</a></p>
<p>Copyright &copy; 2001-2021 湖北荆楚网络科技股份有限公司 All Rights Reserved</p>
<p>版权为 荆楚网 www.cnhubei.com 所有 未经同意不得复制或镜像</p>
</div>
</body>
</html>
`;
}

/** An article page. */
export function renderArticle(a: ReportArticle, charset: string): string {
  const col = COLUMNS[a.column];
  const body = a.paragraphs
    .map((p) => {
      const link = p.match(/^(帖文链接|留言链接)：(\S+)$/);
      return link ? `<p>${link[1]}：<a href="${link[2]}" target="_blank">${link[2]}</a></p>` : `<p>${esc(p)}</p>`;
    })
    .join('\n');
  const main = `<div class="lmy_main">
<h1 class="lmy_title">${esc(a.title)}</h1>
<div id="lmy_information01"><span>发布时间：${cnPublished(a.publishedAt)}</span>&nbsp;&nbsp;<span>来源：荆楚网</span></div>
<div class="article_w">
${body}
</div>
<div class="lmy_editor">网络问政 【纠错】编辑：${a.kind === 'daily' ? '王楠' : '周喆宇'}</div>
</div>`;
  return shell(a.title, charset, `<a href="${columnUrl(a.column)}">${col}</a>`, main);
}

/** A column list page (newest first), or null past the last page. */
export function renderColumn(reports: Reports, column: keyof typeof COLUMNS, page: number, charset: string): string | null {
  const list = reports.published(column);
  const pages = Math.max(1, Math.ceil(list.length / ARTICLES_PER_PAGE));
  if (page < 1 || page > pages) return null;
  const rows = list
    .slice((page - 1) * ARTICLES_PER_PAGE, page * ARTICLES_PER_PAGE)
    .map((a) => `<li><a href="${a.url}" target="_blank">${esc(a.title)}</a><span class="time">${dateCn(a.publishedAt)}</span></li>`)
    .join('\n');
  const nav = [
    page > 1 ? `<a href="${columnUrl(column, page - 1)}" class="prev">上一页</a>` : '',
    page < pages ? `<a href="${columnUrl(column, page + 1)}" class="next">下一页</a>` : '',
    `<span class="total">共${pages}页</span>`,
  ].join(' ');
  const main = `<div class="lmy_main"><h2 class="lmy_column">${COLUMNS[column]}</h2>
<ul class="list_ul">
${rows}
</ul>
<div class="page">${nav}</div>
</div>`;
  return shell(COLUMNS[column], charset, `<a href="${columnUrl(column)}">${COLUMNS[column]}</a>`, main);
}

/** The news front page: links to both columns. */
export function renderNewsIndex(charset: string): string {
  const main = `<div class="lmy_main"><ul class="list_ul">${Object.entries(COLUMNS).map(([c, n]) => `<li><a href="${N}/${c}/index.html">${n}</a></li>`).join('')}</ul></div>`;
  return shell('新闻', charset, '首页', main);
}
