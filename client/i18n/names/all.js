import en from "./en.js";
import fr from "./fr.js";
import es from "./es.js";
import ar from "./ar.js";
import zh from "./zh.js";
import ru from "./ru.js";

export { en, fr, es, ar, zh, ru };
