/**
 * How each published column is derived, and what to beware of, in English and Chinese: the
 * part of codebook.md the zod definitions do not hold (they give each column's type and
 * meaning). test/publish/codebook.test.ts fails when a published column has no note here.
 */
import type { TableName } from './published-schemas.js';

/** One note: English, then Chinese. */
export interface Note {
  en: string;
  zh: string;
}

const n = (en: string, zh: string): Note => ({ en, zh });

const CAPTURE_SHA = n('sha256 of the stored raw page; the page itself stays in the archive\'s raw store', '存档原始网页的 sha256,网页本身保存在存档中');
const FETCHED = n('Fetch time of that page (Beijing time as the crawler recorded it)', '该网页的抓取时间');
const DEPARTMENT_ID = n('Id of the department after name normalisation, derived from its canonical name and region (first 48 bits of sha256): the same unit has the same id in every archive', '部门编号,由规范名称与所在地区计算(sha256 前 48 位),各存档一致');

/** Derivation and caveats of every column of every published table. */
export const COLUMN_NOTES: Record<TableName, Record<string, Note>> = {
  messages: {
    message_id: n('`source` + ":" + `external_id`; unique; the key other files refer to', '`source` 与 `external_id` 以冒号连接,唯一'),
    source: n('The adapter that parsed the page (see README of wenzheng)', '解析该页面的适配器'),
    board: n('Board name as the page shows it', '页面所示版块名称'),
    external_id: n('The board\'s own id (thread id, tid); sequential on most boards, so gaps hint at deleted or unpublished messages (see coverage.csv)', '原网站编号,多为顺序编号,空缺可能意味着删除或未公开'),
    url: n('Canonical public URL rebuilt from the id, whatever mirror was crawled', '由编号生成的规范网址'),
    title: n('As shown, whitespace normalised; phone numbers and ID-card numbers masked (first 3 and last 4 digits kept)', '原文标题,电话与身份证号已遮盖'),
    body: n('As shown on the thread page, HTML removed; masked like the title; empty when only a list page was seen', '原文正文,已去除HTML并遮盖号码;仅见列表页时为空'),
    department: n('The addressed unit when the board names one, else the first official replier; normalised to a canonical name', '留言所指部门,未指明时取首个官方回复单位,已规范化'),
    region_code: n('GB/T 2260 code of the department\'s place, matched from its name; empty when not matched', '按部门名称匹配的行政区划代码'),
    category: n('The board\'s category word, as is', '原网站分类'),
    status: n('Normalised from the board\'s status word (待回复 pending, 办理中 in_progress, 已回复/已办理 replied; 已关闭, 不予受理 or 已办结 with no reply: closed, which is never overdue and never counted as replied); an official reply stored makes it replied whatever the word says. History: observations.csv', '由原网站状态词归一化;存有官方回复即为已回复。状态变化见 observations.csv'),
    posted_at: n('Posting time printed by the board, read as Beijing time (+08:00). Boards that review messages before showing them publish them later than this: a message can appear days after posted_at (review delay)', '原网站所示发帖时间(北京时间)。先审后发的网站,留言公开时间可能晚于发帖时间(审核延迟)'),
    first_reply_at: n('Earliest reply time among the official replies stored', '已存官方回复中最早的回复时间'),
    reply_hours: n('(first_reply_at - posted_at) in hours, 2 decimals. Empty for unanswered messages: averaging this column alone ignores them and understates lags; use the censored figures in stats.json', '首次回复时间减发帖时间(小时)。未回复留言为空,仅对此列求平均会低估回复用时,请用 stats.json 中的删失估计'),
    replied_within_sla: n('true when first_reply_at <= posted_at + the board\'s deadline; false when answered late or unanswered past it at the snapshot\'s as-of time; empty while the deadline has not passed', '在时限内回复为 true;超时回复或截至快照时超时未回复为 false;尚未到期为空'),
    reply_count: n('Official replies stored (not the board\'s post count, which includes citizens\' posts)', '已存官方回复数(不同于原网站的跟帖数)'),
    first_seen_at: n('Time of the first crawl that saw the message: an upper bound for when it became public', '首次抓取到该留言的时间,即公开时间的上限'),
    last_seen_at: n('Time of the last crawl that saw it: unanswered messages are censored here', '最近一次抓取到的时间;未回复留言在此删失'),
    capture_sha256: CAPTURE_SHA,
    fetched_at: FETCHED,
    department_id: DEPARTMENT_ID,
    gone_at: n('Time of the crawl that found the thread deleted or hidden; the row stays published', '发现原帖被删除或隐藏的抓取时间;该行仍然发布'),
    published_at: n('When the board made the message public after its review, as the board says (人民网《领导留言板》 threadsCheckTime, Beijing time); empty for boards that do not say. posted_at to published_at is the review delay', '网站审核后公开留言的时间(人民网《领导留言板》threadsCheckTime,北京时间);网站未注明者为空。发帖至公开为审核延迟'),
    reply_hours_from_published: n('(first_reply_at - published_at) in hours, 2 decimals: the lag the answering unit could see, without the review delay it never saw. Empty when unanswered or when the board does not say when it published; stats.json lagFromPublished gives the censored figures', '首次回复时间减公开时间(小时),不含审核延迟。未回复或未注明公开时间者为空;删失估计见 stats.json 的 lagFromPublished'),
    department_source: n('addressed: the unit the page shows the message is addressed to (荆楚问政 target unit, Discuz thread type, @unit, 阳光热线 问政部门, the leader, place or ministry a 领导留言板 board is for; 问政湖南 shows none); answered: the first official replier, the page names no addressee; none: no department, so by-department figures leave the message out (stats.json departmentSource counts each)', 'addressed 页面所示留言对象单位;answered 首个官方回复单位;none 无部门,不计入分部门统计'),
  },
  replies: {
    reply_id: n('`message_id` + ":" + the reply\'s id on the board (post id or floor)', '`message_id` 与回复编号以冒号连接'),
    message_id: n('The message the reply belongs to (messages.message_id)', '所属留言'),
    department: n('For official replies: the answering unit, normalised; empty for other posts', '官方回复的回复单位(规范名称)'),
    body: n('As shown, HTML removed, phone and ID-card numbers masked', '原文,已去除HTML并遮盖号码'),
    replied_at: n('Time printed by the board, read as Beijing time', '原网站所示回复时间(北京时间)'),
    official: n('true when posted by a registered government unit, detected from the board\'s markup; false for citizens\' and other posts', '由页面标记判断是否为政府单位的官方回复'),
    floor: n('Floor number on forum boards; empty elsewhere', '论坛楼层号'),
    capture_sha256: CAPTURE_SHA,
    fetched_at: FETCHED,
    department_id: DEPARTMENT_ID,
  },
  observations: {
    message_id: n('The message (messages.message_id)', '留言编号'),
    observed_at: n('Time of the crawl that first saw this state. The change happened between the previous crawl and this time: crawl frequency bounds the precision', '首次观察到该状态的抓取时间;变化发生在上次抓取与此时之间,精度取决于抓取频率'),
    status: n('Normalised status at that time, as in messages.status', '当时的办理状态,同 messages.status'),
    reply_count: n('Official replies stored at that time', '当时已存官方回复数'),
  },
  captures: {
    capture_sha256: n('sha256 of the raw bytes as fetched (before any decoding)', '原始字节的 sha256'),
    url: n('Public URL (mirrors mapped back)', '公开网址'),
    fetched_at: n('When the crawler received the answer', '收到应答的时间'),
    http_status: n('HTTP status of the final answer', '最终应答的 HTTP 状态码'),
    bytes: n('Length of the raw body', '原始网页长度'),
  },
  coverage: {
    source: n('As in messages.source', '同 messages.source'),
    day: n('posted_at (else first_seen_at) as a Beijing calendar day', '发帖时间(无则首次抓取时间)的北京日期'),
    messages: n('Count of messages.csv rows of that board and day', 'messages.csv 中该版块该日的行数'),
    first_id: n('Lowest external_id (numerically when ids are numbers)', '最小 external_id'),
    last_id: n('Highest external_id', '最大 external_id'),
    missing_ids: n('Sum of the ids skipped before each of the day\'s ids in numeric order across the whole board. A gap is a deleted, unpublished (failed review) or not yet crawled message: the archive cannot tell which', '按编号顺序,当日各留言之前跳过的编号数之和;空缺可能是删帖、未通过审核或尚未抓取,无法区分'),
    pages_failed: n('Crawl frontier pages of the board in the failed state, by the day they last failed; the next crawl retries them', '抓取队列中仍为失败状态的页面数,下次抓取会重试'),
  },
  departments: {
    department_id: DEPARTMENT_ID,
    name: n('Canonical name after removing decoration and mapping known aliases', '去除修饰并合并别名后的规范名称'),
    region_code: n('GB/T 2260 code matched from place names in the name', '由名称中的地名匹配的行政区划代码'),
    region_name: n('The GB/T 2260 name of that code', '该代码对应的名称'),
    level: n('Administrative level guessed from the name and region (province, prefecture, county, township); unknown when unclear', '根据名称与区划推断的行政层级'),
    messages: n('Messages whose department is this one', '部门为该单位的留言数'),
    replied: n('Of those, answered (an official reply stored, or status replied)', '其中已回复的数量'),
    reply_rate: n('replied / messages, 4 decimals', '已回复数/留言数'),
    median_reply_hours: n('Kaplan-Meier median: unanswered messages count as censored at last_seen_at, not dropped; empty when fewer than half are answered', 'Kaplan-Meier 中位数,未回复留言按删失计入;回复不足一半时为空'),
  },
  report_figures: {
    figure_id: n('`report_id` + ":" + the figure\'s position in the report, 3 digits', '报告编号与序号'),
    report_id: n('`source` + ":" + the article\'s id', '来源与文章编号'),
    report_url: n('Public URL of the article', '文章网址'),
    report_title: n('Title as printed', '文章标题'),
    report_kind: n('From the title and column: monthly 问政报告, daily 每日回复, ...', '由标题和栏目判断的报告类型'),
    published_at: n('Publication time printed on the article', '文章发布时间'),
    period_start: n('First day of the period named in the text (e.g. 5月 → May 1)', '正文所述统计期首日'),
    period_end: n('Last day of that period', '统计期末日'),
    metric: n('What the sentence counts, from its wording (收到 received, 回复 replied, 回复率 reply_rate, ...)', '根据句子措辞判断的指标'),
    value: n('The number as printed (Chinese numerals converted)', '原文数字(中文数字已转换)'),
    unit: n('count or percent, from the wording', '单位'),
    qualifier: n('From words like 超过 (more_than), 近/约 (about), 以上 (at_least)', '由"超过""近""以上"等词判断'),
    board: n('Board named in the sentence or the report', '句中或报告所指版块'),
    region: n('Place named in the sentence', '句中地区'),
    category: n('Category named in the sentence', '句中分类'),
    as_of: n('Date the sentence says the count runs to', '句中截至日期'),
    of_metric: n('For year-on-year or month-on-month changes: the metric that changed', '同比、环比所指指标'),
    text: n('The sentence the figure was parsed from: check the parse against it', '数字所在原句,可据此核对'),
  },
  claims: {
    figure_id: n('The official figure checked (report_figures.figure_id)', '被核对的官方数据'),
    report_url: n('The report', '报告网址'),
    period_start: n('Period of the figure', '统计期首日'),
    period_end: n('Period of the figure', '统计期末日'),
    board: n('Board the figure is about; empty for all boards', '版块'),
    metric: n('received or replied', '指标'),
    qualifier: n('As in report_figures', '同 report_figures'),
    official_value: n('As in report_figures.value', '同 report_figures.value'),
    archive_value: n('Counted in the archive for the same board, period and metric. The archive only holds what the crawls reached: a lower count can mean incomplete coverage (coverage.csv), deleted messages, or an overstated claim', '存档中同版块、同期、同指标的计数;偏低可能源于抓取不全、删帖或官方数字偏高'),
    difference: n('archive_value - official_value', '存档数减官方数'),
    ratio: n('archive_value / official_value, 4 decimals', '存档数/官方数'),
    rule: n('Chosen from the report\'s kind and metric so the archive counts like with like (a daily reply count against replies given that day, a monthly received count against messages posted that month)', '按报告类型与指标选择统计口径,使存档计数与官方口径一致'),
  },
  overdue: {
    message_id: n('The message', '留言编号'),
    source: n('As in messages', '同 messages'),
    board: n('As in messages', '同 messages'),
    department: n('The department name as stored (not normalised)', '存档中的部门名称'),
    title: n('As in messages (masked)', '同 messages'),
    url: n('As in messages', '同 messages'),
    status: n('As in messages', '同 messages'),
    posted_at: n('As in messages', '同 messages'),
    deadline_at: n('posted_at + sla_hours, in Beijing time (+08:00)', '发帖时间加回复时限(北京时间)'),
    waited_hours: n('Hours from posted_at to the snapshot\'s as-of time (the end of the last crawl), not to the snapshot date', '自发帖至数据截至时间(最近一次抓取结束)的小时数'),
    sla_hours: n('The board\'s published deadline (24 h on the 荆楚网 boards), else the default', '网站公布的回复时限'),
  },
  changes: {
    message_id: n('The message', '留言编号'),
    change: n('Compared with the previous snapshot in the same folder: new (absent before), replied (a new official reply), status_changed, gone (deleted on the board)', '与上一快照比较:新增、新回复、状态变化、被删除'),
  },
};

/** Caveats that concern the whole data set, for the codebook's opening section. */
export const GENERAL_NOTES: Note[] = [
  n(
    'Coverage: the archive holds what the crawls reached. Read coverage.csv (messages seen per board and day, id ranges and gaps) and README.md (crawl runs) before treating counts as complete.',
    '覆盖范围:存档仅包含抓取到的内容。将计数视为完整之前,请查看 coverage.csv 与 README.md。',
  ),
  n(
    'Censoring: a message not answered by its last crawl is censored, not unanswered forever. Reply-lag figures in stats.json and departments.csv use Kaplan-Meier estimates that count such messages; reply_hours alone does not.',
    '删失:截至最近一次抓取仍未回复的留言属于删失数据。stats.json 与 departments.csv 的回复用时采用 Kaplan-Meier 估计,计入这些留言;仅用 reply_hours 则会忽略它们。',
  ),
  n(
    'Review delay: boards that review messages before publishing them show them hours or days after posted_at; messages rejected in review never appear. first_seen_at bounds when a message became public.',
    '审核延迟:先审后发的网站在发帖后数小时至数天才公开留言,未通过审核的留言不会出现。first_seen_at 是公开时间的上限。',
  ),
  n(
    'Status history: observations.csv dates each status change to the crawl that saw it, so its precision is the crawl interval.',
    '状态历史:observations.csv 以观察到变化的抓取时间记录每次状态变化,精度为抓取间隔。',
  ),
  n(
    'Deletions: threads a board removes stay published with gone_at set; changes.csv marks them gone.',
    '删帖:被删除的帖子仍保留,并记录 gone_at;changes.csv 标记为 gone。',
  ),
  n(
    'Times: ISO 8601 with offset; board times are read as Beijing time (+08:00). In the Parquet files times are UTC instants (microseconds); the offset is not kept.',
    '时间:ISO 8601 带时区;网站时间按北京时间读取。Parquet 文件中时间为 UTC 时刻。',
  ),
  n(
    'Privacy: author names are never published (the archive keeps only salted hashes); phone and ID-card numbers in text are masked (first 3 and last 4 digits kept).',
    '隐私:不发布作者姓名(存档仅保存加盐哈希);文本中的电话和身份证号已遮盖(保留前3位和后4位)。',
  ),
  n(
    'Empty CSV fields are nulls (missing values); the JSON Lines and Parquet files tell null from an empty string.',
    'CSV 空字段表示缺失值;JSON Lines 与 Parquet 文件区分缺失值与空字符串。',
  ),
];
