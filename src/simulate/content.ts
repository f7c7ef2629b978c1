/**
 * Chinese text for simulated messages and answers: titles, bodies, official replies,
 * citizen follow-ups and nicknames, drawn from small phrase tables by a seeded Rng.
 * Every character used here is in GBK, so GBK mode encodes the pages losslessly.
 */
import type { Rng } from './rng.js';
import type { Category } from './units.js';

const COMMUNITIES = [
  '阳光花园', '金色家园', '幸福里', '锦绣江南', '滨江苑', '书香门第', '翠湖小区', '东方明珠小区',
  '枫林湾', '桂花苑', '紫荆城', '丽水佳园', '南湖名都', '汉江明珠', '光谷新城', '和平里', '长江首府',
];
const ROADS = ['建设大道', '解放路', '人民路', '中山路', '沿江大道', '民主路', '青年路', '胜利街', '工业大道', '新华路', '长虹路'];
const COMPANIES = ['某置业有限公司', '某物业服务公司', '某建筑劳务公司', '某健身会所', '某教育培训机构', '某汽车销售公司', '某电子厂'];

/** One kind of complaint: a title pattern, what the citizen writes, and how units answer. */
interface Issue {
  title: string;
  problem: string;
  /** [headline summary, reply detail] */
  answer: readonly [string, string];
}

const T: Record<Category, readonly Issue[]> = {
  行政管理: [
    { title: '{place}精准扶贫名单为何不公示', problem: '我们村的精准扶贫名单至今没有公示，村民对评定结果有很大疑问', answer: ['已责成相关村组公示名单', '经调查核实，已责成相关村组在村务公开栏张贴公示名单，接受群众监督'] },
    { title: '{place}便民服务中心窗口办事效率低', problem: '到便民服务中心办理证明，来回跑了四五趟，每次都说缺材料', answer: ['已优化办事流程', '我们已对窗口工作人员进行约谈，并印发一次性告知清单，避免群众来回跑'] },
    { title: '{place}村级账目长期不公开', problem: '村里的集体土地补偿款去向不明，账目一直没有公开', answer: ['已安排专人核查账目', '街道已安排纪检和财政人员对村级账目进行专项核查，结果将及时公开'] },
    { title: '{place}{community}社区办事推诿扯皮', problem: '社区工作人员态度生硬，办事互相推诿，群众意见很大', answer: ['已约谈社区负责人', '街道已约谈社区负责人，要求改进工作作风，并公开服务承诺和监督电话'] },
    { title: '{place}政务信息公开不及时', problem: '征收补偿方案在政府网站上一直查不到，群众不知道该找谁', answer: ['已在政府网站公开', '相关征收补偿方案已在政府门户网站信息公开专栏发布，欢迎群众查阅'] },
  ],
  城市管理: [
    { title: '{place}{community}附近夜间施工噪音扰民', problem: '小区旁边的工地每天晚上施工到凌晨两三点，噪音很大，老人小孩根本无法休息', answer: ['已责令施工单位整改', '经执法人员现场核查，该工地确有夜间违规施工行为，已依法责令其停止夜间施工并立案查处'] },
    { title: '{place}{road}占道经营无人管', problem: '路边摊贩占道经营，人行道被堵死，行人只能走机动车道，非常危险', answer: ['已开展专项整治', '我局已组织执法队员对该路段开展占道经营专项整治，并安排专人每日巡查'] },
    { title: '{place}{community}小区旁垃圾站臭气熏天', problem: '垃圾站就在小区门口，夏天臭气熏天，蚊蝇乱飞', answer: ['已督促清运并除臭', '已督促环卫部门增加清运频次，并对垃圾站进行清洗消杀'] },
    { title: '{place}{road}烧烤店油烟扰民', problem: '楼下烧烤店油烟直排，居民家里窗户都不敢开', answer: ['已责令安装油烟净化设施', '执法人员已责令该店限期安装油烟净化设施，逾期未整改将依法处罚'] },
    { title: '{place}{community}违章搭建长期无人处理', problem: '小区一楼住户私自圈占绿地搭建房屋，多次举报没有结果', answer: ['已下达限期拆除通知', '经核查，该建筑属违法建设，执法部门已下达限期拆除通知书'] },
  ],
  住房管理: [
    { title: '{place}{community}逾期交房两年仍无说法', problem: '合同约定去年六月交房，到现在还没有交付，开发商一直拖延', answer: ['已约谈开发企业', '我局已约谈开发企业负责人，要求其制定交房计划并向业主公开'] },
    { title: '{place}{community}房产证迟迟办不下来', problem: '房子已经住了三年，房产证还是办不下来，开发商说手续不全', answer: ['正协调办理不动产权证', '经核实，该项目已完成竣工验收备案，正协调不动产登记部门办理首次登记'] },
    { title: '{place}{community}物业乱收费', problem: '物业公司擅自上调物业费，还强制收取停车管理费', answer: ['已责令物业公司退还多收费用', '经调查，该物业公司收费行为不符合规定，已责令其退还多收费用'] },
    { title: '{place}{community}电梯频繁故障无人修', problem: '小区电梯一个月坏了五六次，物业只是简单维修，存在很大安全隐患', answer: ['已督促全面检修电梯', '已督促物业公司联系维保单位对电梯进行全面检修，并由特种设备检验机构复检'] },
    { title: '{place}老旧小区改造何时启动', problem: '我们小区是八十年代的老房子，管网老化，雨天经常渍水', answer: ['已列入改造计划', '该小区已列入今年老旧小区改造计划，预计下半年开工'] },
  ],
  交通管理: [
    { title: '{place}{road}路面破损坑洼多年未修', problem: '这条路坑坑洼洼已经好几年了，下雨天积水很深，经常有电动车摔倒', answer: ['已安排维修', '我局已安排养护单位对该路段破损路面进行修补，预计本月完成'] },
    { title: '{place}到市区的公交线路能否延长', problem: '我们这里离市区很远，只有一趟公交，每天早晚挤不上车', answer: ['将研究优化公交线路', '我局已将您的建议转交公交集团，将结合客流调查研究线路优化方案'] },
    { title: '{place}{road}路口红绿灯设置不合理', problem: '路口红灯时间太长，早高峰车辆排队几百米', answer: ['已调整信号配时', '交管部门已对该路口信号灯配时进行优化调整'] },
    { title: '{place}{road}路灯不亮夜间出行难', problem: '这段路的路灯坏了好几个月，晚上一片漆黑，很不安全', answer: ['已修复路灯', '路灯管理所已对该路段损坏路灯进行更换，目前已恢复正常照明'] },
    { title: '{place}乡村公路建设进度缓慢', problem: '村里的公路说好去年修好，到现在还没完工，出行非常不便', answer: ['已加快施工进度', '经了解，该项目因征地问题延误，目前已协调解决，正在加快施工'] },
  ],
  企业投诉: [
    { title: '{place}{company}预付卡商家跑路', problem: '在这家机构办了几千元的预付卡，现在老板跑路了，几百名消费者维权无门', answer: ['已立案调查', '市场监管部门已对该企业立案调查，请消费者携带凭证到所在地市场监管所登记'] },
    { title: '{place}{company}售后服务推诿', problem: '买的车出现质量问题，商家一直推诿不给解决', answer: ['已组织调解', '经我局组织调解，商家同意为您办理退换'] },
    { title: '{place}{company}虚假宣传', problem: '销售时承诺的配套设施一项都没有兑现，属于虚假宣传', answer: ['已移交相关部门处理', '我们已将该问题移交市场监督管理局依法处理'] },
    { title: '{place}{company}拒不退还定金', problem: '交了定金后决定不买了，商家拒不退还定金', answer: ['已督促商家退还定金', '经调解，商家已同意按合同约定退还定金'] },
  ],
  劳动保障: [
    { title: '{place}{company}拖欠员工工资三个月', problem: '公司已经三个月没有发工资了，老板一直说资金困难，我们一家老小要生活', answer: ['已督促企业支付工资', '劳动保障监察大队已约谈企业负责人，企业承诺本月底前结清所欠工资'] },
    { title: '{place}农民工工资被拖欠', problem: '在工地干了大半年，包工头拖欠工资迟迟不给，快过年了', answer: ['已为农民工追回工资', '经劳动监察部门协调，施工单位已将拖欠工资支付到位'] },
    { title: '{place}社保转移手续办理难', problem: '从外省回来工作，社保转移跑了好几个部门都办不下来', answer: ['已指导办理转移手续', '社保经办机构已安排专人与您联系，指导办理关系转移手续'] },
    { title: '{place}{company}不签劳动合同', problem: '入职半年了，公司一直不和我们签劳动合同，也不交社保', answer: ['已责令企业限期整改', '劳动监察部门已责令该企业限期与员工签订劳动合同并依法缴纳社保'] },
  ],
  教育医疗: [
    { title: '{place}{community}学区划分不合理', problem: '我们小区离学校只有五百米，却被划到三公里外的学校', answer: ['将统筹研究学区划分', '学区划分依据生源和学位情况统筹确定，我局将在今年招生工作中认真研究您的意见'] },
    { title: '{place}幼儿园乱收费', problem: '幼儿园以各种名义收取额外费用，家长敢怒不敢言', answer: ['已责令退还违规收费', '经查，该幼儿园存在违规收费问题，已责令其退还并通报批评'] },
    { title: '{place}社区卫生服务中心看病难', problem: '社区医院经常缺药，医生也少，看个病要排半天队', answer: ['已增派医护人员', '卫健部门已为该中心增派医护人员并补充常用药品'] },
    { title: '{place}学校周边交通安全隐患', problem: '学校门口上下学时段车辆乱停乱放，孩子过马路很危险', answer: ['已安排交警护学', '交警部门已在上下学高峰时段安排警力护学，并施划临时停车区域'] },
  ],
  环境保护: [
    { title: '{place}化工厂夜间偷排废气', problem: '附近的化工厂一到晚上就偷偷排放废气，气味刺鼻，居民头晕恶心', answer: ['已责令停产整改', '环保执法人员夜间突击检查，发现该企业废气处理设施未正常运行，已责令停产整改'] },
    { title: '{place}河道污染严重', problem: '村旁的小河被生活污水和养殖废水污染，河水发黑发臭', answer: ['已开展河道整治', '我局已会同相关部门开展河道专项整治，关停沿河违规养殖场'] },
    { title: '{place}砂石场粉尘污染', problem: '砂石场粉尘很大，周边农作物上落满灰尘', answer: ['已责令落实降尘措施', '已责令砂石场落实围挡、喷淋等降尘措施，并将持续开展巡查'] },
    { title: '{place}山林被乱砍滥伐', problem: '山上的树林被人成片砍伐，有关部门一直不管', answer: ['已立案查处', '经林业部门调查，该行为属于滥伐林木，已立案查处'] },
  ],
};

const OPENERS = ['尊敬的领导：您好！', '各位领导好，', '您好！', '领导您好，', ''];
const CLOSERS = ['希望相关部门重视，尽快解决！', '恳请有关部门帮忙解决，谢谢！', '请问这个问题到底归谁管？', '多次反映都没有结果，希望这次能得到答复。'];
const FOLLOW_UPS = ['请问有进展吗？已经过去一周了。', '问题依旧没有解决，请领导关注！', '顶上去，希望有关部门看到。', '补充一下：今天情况更严重了。'];
const CROWD = ['同问，我们小区也是这样。', '顶！', '支持楼主，希望早日解决。', '这个问题确实存在很久了。', '关注，坐等回复。', '附近居民都深受其害。'];
const NICK_A = ['江城', '光谷', '楚天', '汉江', '荆州', '襄阳', '东湖', '长江', '黄鹤', '武昌', '汉口', '宜昌'];
const NICK_B = ['小市民', '打工人', '老百姓', '居民', '网友', '过客', '老张', '小李', '宝妈', '老王', '青年'];

/** A title, the place-substituted problem text and the chosen answer for one message. */
export interface MessageText {
  title: string;
  body: string;
  /** Headline-style summary of the official answer (daily digest). */
  answerSummary: string;
  /** The answer text (without greeting and signature). */
  answerDetail: string;
}

function fill(s: string, rng: Rng, place: string): string {
  return s
    .replace('{place}', place)
    .replace('{community}', rng.pick(COMMUNITIES))
    .replace('{road}', rng.pick(ROADS))
    .replace('{company}', rng.pick(COMPANIES));
}

/** Generates the text of a message about a category in a place. */
export function messageText(rng: Rng, category: Category, place: string): MessageText {
  const issues = T[category];
  const issue = rng.pick(issues);
  const other = rng.pick(issues.filter((i) => i !== issue));
  const title = fill(issue.title, rng, place);
  const body = `${rng.pick(OPENERS)}我是${place}的居民，${issue.problem}。${rng.chance(0.3) ? `另外，${other.problem}。` : ''}我们多次向有关部门反映，至今没有得到解决。${rng.pick(CLOSERS)}`;
  const [answerSummary, answerDetail] = issue.answer;
  return { title, body, answerSummary, answerDetail };
}

/** The full text of an official reply by a unit. */
export function officialReply(detail: string, unit: string, date: string, second: boolean): string {
  const lead = second ? '网友您好！关于您反映的问题，现将后续处理情况回复如下：' : '网友您好！您反映的问题已收悉，我单位高度重视，立即组织人员进行调查处理。';
  return `${lead}\n${detail}。\n感谢您对我们工作的关注和支持！\n${unit}\n${date}`;
}

/** A follow-up by the original poster. */
export function followUp(rng: Rng): string {
  return rng.pick(FOLLOW_UPS);
}

/** A post by another citizen. */
export function crowdPost(rng: Rng): string {
  return rng.pick(CROWD);
}

/** A stable citizen nickname for an author number. */
export function nickname(author: number): string {
  const a = NICK_A[author % NICK_A.length]!;
  const b = NICK_B[Math.floor(author / NICK_A.length) % NICK_B.length]!;
  const n = Math.floor(author / (NICK_A.length * NICK_B.length));
  return n === 0 ? `${a}${b}` : `${a}${b}${n}`;
}

/** A 荆楚问政 nickname (often a phone-style mask). */
export function wzNickname(rng: Rng): string {
  return rng.chance(0.6) ? `网友${rng.int(1000, 9999)}****${rng.int(10, 99)}` : `${rng.pick(NICK_A)}${rng.pick(NICK_B)}`;
}

/** Text appended by an edit of the first post. */
export const EDIT_SUFFIX = '（补充：问题至今仍未解决，附近居民都很着急。）';
