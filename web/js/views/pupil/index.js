// « Rejoindre une session de certification » (#/candidat), for the pupils, public: the entry
// form, then — once in — the page standing for the test, with « J'ai terminé ». The pupils are
// 13 to 15: every answer is said in their words, with « tu ».

import * as auth from "../../auth.js";
import { joinScreen } from "./join.js";
import { testScreen } from "./test.js";

export async function render() {
  const course = auth.course();
  return course ? testScreen(course) : joinScreen();
}
