// Shapes of docs/game-api.md, the contract shared with the C++ server.

export const GAME_MODES = ["easy", "challenge", "daily", "practice"] as const;
export type GameMode = (typeof GAME_MODES)[number];

export function isGameMode(value: string): value is GameMode {
  return (GAME_MODES as readonly string[]).includes(value);
}

export interface TeamStint {
  code: string;
  name: string;
  from: number | null;
  to: number | null;
  number: number | null;
  primary: string;
  secondary: string;
}

export interface Hint {
  kind: string;
  label: string;
  value: string;
}

export type Verdict = "correct" | "wrong" | "ambiguous";

export interface GuessRecord {
  guess: string;
  verdict: Verdict;
}

export interface Career {
  name: string;
  position: string;
  college: string;
  draft: { year: number; round: number; pick: number } | null;
  accolades: string[];
  stints: Array<{ code: string; name: string; from: number; to: number; number: number | null }>;
}

export type RoundStatus = "playing" | "solved" | "failed";

export interface RoundView {
  index: number;
  status: RoundStatus;
  teams: TeamStint[];
  teamsTotal: number;
  hints: Hint[];
  hintsLeft: number;
  guesses: GuessRecord[];
  guessesLeft: number;
  points: number | null;
  answer: Career | null;
}

export interface GameView {
  gameId: string;
  mode: GameMode;
  status: "active" | "finished";
  puzzleNumber: number | null;
  date: string | null;
  archive: boolean;
  roundIndex: number;
  roundCount: number;
  score: number;
  maxGuesses: number;
  round: RoundView;
}

export interface GameResult {
  score: number;
  solved: number;
  rounds: number;
  durationSeconds: number;
  shareText: string;
  /** Daily games only; null for the other modes. */
  streak: { current: number; best: number } | null;
}

export interface PlayerIdentity {
  name: string;
  email: string;
}

export interface PlayerSuggestion {
  name: string;
  from: number | null;
  to: number | null;
}

export interface DailyPuzzleInfo {
  number: number;
  date: string;
  teamsTotal: number;
  resetsAt: string;
  solveRate: number | null;
}

export interface ArchiveDay {
  number: number;
  date: string;
}

export const LEADERBOARD_PERIODS = ["daily", "weekly", "all"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

export interface LeaderboardEntry {
  rank: number;
  name: string;
  score: number;
  games: number;
  bestTimeSeconds: number | null;
}

export interface Leaderboard {
  period: LeaderboardPeriod;
  mode: GameMode;
  entries: LeaderboardEntry[];
}
