// Apple Podcasts' categories, the values <itunes:category text="…"> may take, and the one check of a pair.
// The list is Apple's 2019 taxonomy (https://podcasters.apple.com/support/1691-apple-podcasts-categories):
// 19 categories, 15 of them with subcategories, 110 names in all. Apple matches names exactly, "&" included.

export const APPLE_CATEGORIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Arts: ["Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"],
  Business: ["Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"],
  Comedy: ["Comedy Interviews", "Improv", "Stand-Up"],
  Education: ["Courses", "How To", "Language Learning", "Self-Improvement"],
  Fiction: ["Comedy Fiction", "Drama", "Science Fiction"],
  Government: [],
  History: [],
  "Health & Fitness": ["Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"],
  "Kids & Family": ["Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"],
  Leisure: [
    "Animation & Manga",
    "Automotive",
    "Aviation",
    "Crafts",
    "Games",
    "Hobbies",
    "Home & Garden",
    "Video Games",
  ],
  Music: ["Music Commentary", "Music History", "Music Interviews"],
  News: [
    "Business News",
    "Daily News",
    "Entertainment News",
    "News Commentary",
    "Politics",
    "Sports News",
    "Tech News",
  ],
  "Religion & Spirituality": ["Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"],
  Science: [
    "Astronomy",
    "Chemistry",
    "Earth Sciences",
    "Life Sciences",
    "Mathematics",
    "Natural Sciences",
    "Nature",
    "Physics",
    "Social Sciences",
  ],
  "Society & Culture": ["Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"],
  Sports: [
    "Baseball",
    "Basketball",
    "Cricket",
    "Fantasy Sports",
    "Football",
    "Golf",
    "Hockey",
    "Rugby",
    "Running",
    "Soccer",
    "Swimming",
    "Tennis",
    "Volleyball",
    "Wilderness",
    "Wrestling",
  ],
  Technology: [],
  "True Crime": [],
  "TV & Film": ["After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"],
});

/**
 * What is wrong with a category (and subcategory) for Apple Podcasts, in one line naming what was
 * expected and what was found, or undefined when Apple accepts the pair.
 */
export function categoryProblem(category: string, subcategory?: string): string | undefined {
  // Own keys only: "constructor" or "toString" must not pass as categories.
  const subcategories = Object.hasOwn(APPLE_CATEGORIES, category) ? APPLE_CATEGORIES[category] : undefined;
  if (!subcategories) {
    return `expected one of Apple's categories (${Object.keys(APPLE_CATEGORIES).join(", ")}), found "${category}"`;
  }
  if (subcategory === undefined || subcategories.includes(subcategory)) return undefined;
  if (subcategories.length === 0)
    return `expected no subcategory of "${category}" (it has none), found "${subcategory}"`;
  return `expected a subcategory of "${category}" (${subcategories.join(", ")}), found "${subcategory}"`;
}
