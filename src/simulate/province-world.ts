/**
 * The two provincial boards as the simulator models them (阳光热线问政平台 of Dongguan and
 * 红网《问政湖南》): a citizen addresses a unit; the hotline takes the message (受理), and a unit
 * answers, most often the one addressed, sometimes one below it (a street office for a
 * district bureau), which is why the archive keeps the addressed unit apart from the one that
 * answered. Each message's fate is drawn once from hash(seed, board, id); what a page shows is
 * that fate filtered by the shared simulated clock, like the other simulated boards.
 */
import { HOUR, floorMinute } from './clock.js';
import { messageText, type MessageText } from './content.js';
import { Arrivals, historyDaysFor } from './arrivals.js';
import { rngFor } from './rng.js';
import { CATEGORY_WEIGHTS, type Category } from './units.js';
import type { World } from './world.js';

/** A unit a citizen can address, with the units that may answer for it (itself first). */
export interface ProvinceUnit {
  addressed: string;
  answering: readonly string[];
  /** The place a citizen names in the message. */
  place: string;
}

/** What makes one provincial board. */
export interface ProvinceBoardConfig {
  /** Key of the board's random streams. */
  key: string;
  firstId: number;
  /** Ids skipped between two messages at most (0: sequential). */
  maxGap: number;
  units: readonly ProvinceUnit[];
}

/** A message's fate. */
export interface ProvinceMessage {
  id: number;
  postedAt: number;
  unit: number;
  /** The unit that answers (a name from the unit's `answering`). */
  answerBy: string;
  acceptAt: number | null;
  replyAt: number | null;
  category: Category;
  author: number;
  /** A made-up mobile number the citizen left (the rednet answer carries it). */
  phone: string;
}

/** The contract status of a message at `now`. */
export function provinceStatus(m: ProvinceMessage, now: number): 'replied' | 'in_progress' | 'pending' {
  if (m.replyAt !== null && m.replyAt <= now) return 'replied';
  return m.acceptAt !== null && m.acceptAt <= now ? 'in_progress' : 'pending';
}

function makeMessage(seed: number, cfg: ProvinceBoardConfig, id: number, postedAt: number): ProvinceMessage {
  const r = rngFor(seed, cfg.key, id);
  const unit = r.int(0, cfg.units.length - 1);
  const u = cfg.units[unit]!;
  const at = (base: number, hours: number) => floorMinute(base + hours * HOUR);
  const acceptAt = r.chance(0.85) ? at(postedAt, Math.max(0.5, r.exp(10))) : null;
  const replyAt = acceptAt !== null && r.chance(0.75) ? at(acceptAt, Math.min(20 * 24, Math.max(2, r.logNormal(60, 0.9)))) : null;
  return {
    id,
    postedAt,
    unit,
    answerBy: r.chance(0.7) ? u.answering[0]! : r.pick(u.answering),
    acceptAt,
    replyAt,
    category: r.weighted(CATEGORY_WEIGHTS),
    author: r.int(0, 49_999),
    phone: `13${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
  };
}

/** Every message of one provincial board, drawn lazily up to the world's clock (arrivals.ts). */
export class ProvinceWorld {
  private readonly drawn: Arrivals<ProvinceMessage>;

  constructor(
    private readonly world: World,
    readonly config: ProvinceBoardConfig,
    count: number,
    historyDays = historyDaysFor(count),
  ) {
    this.drawn = new Arrivals(
      world,
      {
        key: `${config.key}-arrivals`,
        firstId: config.firstId,
        make: (id, at) => makeMessage(world.seed, config, id, at),
        step: (r) => 1 + (config.maxGap > 0 ? r.int(0, config.maxGap) : 0),
      },
      count,
      historyDays,
    );
  }

  /** Every message drawn so far, in id order. */
  get messages(): ProvinceMessage[] {
    return this.drawn.messages;
  }

  /** The clock, after drawing every message posted up to it. */
  now(): number {
    return this.drawn.now();
  }

  /** Messages posted by now, newest first. */
  newestFirst(): ProvinceMessage[] {
    const now = this.now();
    const out: ProvinceMessage[] = [];
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.messages[i]!.postedAt <= now) out.push(this.messages[i]!);
    return out;
  }

  /** The message with this id, if posted by now. */
  message(id: number): ProvinceMessage | undefined {
    const now = this.now();
    const m = this.messages.find((x) => x.id === id);
    return m && m.postedAt <= now ? m : undefined;
  }

  /** The unit the message is addressed to. */
  unitOf(m: ProvinceMessage): ProvinceUnit {
    return this.config.units[m.unit]!;
  }

  /** The message's text (regenerated from the seed). */
  text(m: ProvinceMessage): MessageText {
    return messageText(rngFor(this.world.seed, `${this.config.key}-text`, m.id), m.category, this.unitOf(m).place);
  }
}
