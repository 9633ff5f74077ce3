import type { GameMode, RoundView } from "../api/types";

/** What a finished round looked like, without the answer: enough for share texts and history. */
export interface RoundSummary {
  solved: boolean;
  teamsShown: number;
  teamsTotal: number;
  wrongGuesses: number;
  hintsUsed: number;
  points: number;
}

export function summariseRound(round: RoundView): RoundSummary {
  return {
    solved: round.status === "solved",
    teamsShown: round.teams.length,
    teamsTotal: round.teamsTotal,
    wrongGuesses: round.guesses.filter((guess) => guess.verdict === "wrong").length,
    hintsUsed: round.hints.length,
    points: round.points ?? 0,
  };
}

const URL_LINE = /^https?:\/\/\S+$/;

/** The server's spoiler-free share text, pointing at the site the player is actually on. */
export function shareMessage(shareText: string, origin: string): string {
  const lines = shareText
    .trim()
    .split("\n")
    .filter((line) => !URL_LINE.test(line.trim()));
  return [...lines, `${origin}/`].join("\n");
}

export type ShareNetwork = "x" | "facebook" | "reddit" | "whatsapp";

export interface ShareLink {
  network: ShareNetwork;
  label: string;
  href: string;
}

/** Share links for X, Facebook, Reddit and WhatsApp; all carry the score and the site's URL. */
export function shareLinks(shareText: string, origin: string): ShareLink[] {
  const url = `${origin}/`;
  const message = shareMessage(shareText, origin);
  const textWithoutUrl = message.slice(0, message.length - url.length).trim();
  const title = textWithoutUrl.split("\n")[0] ?? "Journeyman";
  const encode = encodeURIComponent;
  return [
    {
      network: "x",
      label: "Share on X",
      href: `https://x.com/intent/tweet?text=${encode(textWithoutUrl)}&url=${encode(url)}`,
    },
    {
      network: "facebook",
      label: "Share on Facebook",
      href: `https://www.facebook.com/sharer/sharer.php?u=${encode(url)}`,
    },
    {
      network: "reddit",
      label: "Share on Reddit",
      href: `https://www.reddit.com/submit?url=${encode(url)}&title=${encode(title)}`,
    },
    {
      network: "whatsapp",
      label: "Share on WhatsApp",
      href: `https://wa.me/?text=${encode(message)}`,
    },
  ];
}

const MODE_NAMES: Record<GameMode, string> = {
  easy: "Easy Mode",
  challenge: "Challenge Mode",
  daily: "Daily",
  practice: "Practice",
};

export function modeName(mode: GameMode): string {
  return MODE_NAMES[mode];
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The plain-text alternative to the emoji share text, for screen readers. */
export function describeResult(game: { mode: GameMode; puzzleNumber: number | null }, rounds: RoundSummary[]): string {
  const solved = rounds.filter((round) => round.solved).length;
  const title =
    game.mode === "daily" && game.puzzleNumber !== null ? `Journeyman daily #${game.puzzleNumber}` : `Journeyman ${modeName(game.mode)}`;
  const details = rounds.map((round, index) => {
    const outcome = round.solved ? "solved" : "not solved";
    const hints = round.hintsUsed === 0 ? "no hints" : plural(round.hintsUsed, "hint", "hints");
    return `Round ${index + 1}: ${outcome} with ${round.teamsShown} of ${round.teamsTotal} teams shown, ${plural(
      round.wrongGuesses,
      "wrong guess",
      "wrong guesses",
    )}, ${hints}.`;
  });
  return [`${title}: ${solved} of ${plural(rounds.length, "player", "players")} guessed.`, ...details].join(" ");
}
