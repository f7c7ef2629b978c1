/**
 * The words of 问政 reports that say what a number counts, mapped to the metric vocabulary
 * of CONTRACT.md section 4. Tables are checked in order: the more specific words first
 * (二次转交 before 转交, 主动回复 before 回复, 回复率 before 回复). Two words are added to
 * the vocabulary because none fits: `units_replied` (units that answered, 回复了...的单位N家)
 * and `forward_rate` (转达率, the share of messages forwarded).
 */

/** A metric and, for changes, its sign. */
export interface MetricMatch {
  metric: string;
  /** -1 when the text says the number fell (同比下降5%). */
  sign: 1 | -1;
}

const COUNT_METRICS: ReadonlyArray<[RegExp, string]> = [
  [/主动回复|主动回应/, 'replied_proactively'],
  [/二次转[交办达]|再次转[交办达]/, 'forwarded_again'],
  [/有效/, 'valid'],
  [/认领/, 'departments_claimed'],
  [/入驻/, 'units_registered'],
  // Units that answered (`回复了网友投诉和咨询的单位超过1000家`): a count of units, not of replies.
  [/(?:回复|答复|回应).*(?:单位|部门)[^条]*$/, 'units_replied'],
  [/转达|转办|转交|转至/, 'forwarded'],
  [/收到|接到|受理|征集/, 'received'],
  [/回复|答复|回应|办结/, 'replied'],
];

const PERCENT_METRICS: ReadonlyArray<[RegExp, string]> = [
  [/同比/, 'yoy_change'],
  [/环比/, 'mom_change'],
  [/入驻率/, 'registration_rate'],
  [/转达率|转办率|转交率/, 'forward_rate'],
  [/回复率|答复率|回应率/, 'reply_rate'],
];

const FALLING = /下降|减少|降低|回落|下滑/;

/**
 * The metric a counted number (条, 家, 个, ...) stands for, from the words around it. `counter`
 * (the counter word printed after the number) keeps counts of units (家, 个) apart from counts
 * of messages (条): only units can be `units_replied`.
 */
export function countMetricOf(text: string, counter: string | null = null): string | null {
  for (const [re, metric] of COUNT_METRICS) {
    if (metric === 'units_replied' && counter !== '家' && counter !== '个') continue;
    if (re.test(text)) return metric;
  }
  return null;
}

/** The metric of a percentage (rates, year-on-year and month-on-month changes). */
export function percentMetricOf(text: string): MetricMatch | null {
  for (const [re, metric] of PERCENT_METRICS) {
    if (!re.test(text)) continue;
    const change = metric === 'yoy_change' || metric === 'mom_change';
    return { metric, sign: change && FALLING.test(text) ? -1 : 1 };
  }
  return null;
}

/**
 * The category a counted number belongs to, or null: `关于行政管理的留言共27条`,
 * `NO.1 行政管理问题 27条`, `咨询建议类问题共6条`, `其他类问题7条`. `before` is the text of the
 * clause before the number.
 */
export function categoryOf(before: string): string | null {
  const about = before.match(/关于([\u4e00-\u9fa5]{2,10}?)(?:方面)?的(?:留言|问题|帖子|诉求|投诉)/);
  if (about?.[1]) return about[1];
  const head = before.replace(/^(?:NO\.?\s*\d+|其中|[一二三四五六七八九十]+、)\s*/i, '');
  const kind = head.match(/^([\u4e00-\u9fa5]{2,10}?)类?问题\s*(?:共|有|共有)?\s*$/);
  return kind?.[1] ?? null;
}
