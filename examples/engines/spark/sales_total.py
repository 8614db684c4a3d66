"""Org3's Spark job for Weft's spark conversion module (docs/engines.md).

spark-submit ... sales_total.py REQUEST_JSON OUTPUT_DIR SALES_CSV

REQUEST_JSON is the standard request the module wrote (task, subtask, attempt,
operation, parameters, inputs); every value from the chain arrives in it as
data. The job writes its rows to OUTPUT_DIR with df.write.json; the module reads
them back. A request it cannot serve is refused by writing failure.json beside
the request and exiting 3 (the task's failure, with that code).
"""
import json
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

REGIONS = {"north", "south", "east", "west", "central"}


def refuse(request_path, code, message):
    with open(os.path.join(os.path.dirname(request_path), "failure.json"), "w", encoding="utf-8") as f:
        json.dump({"code": code, "message": message}, f)
    sys.exit(3)


def main():
    request_path, output_dir, sales_csv = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    region = request.get("parameters", {}).get("region")
    if region is not None and region not in REGIONS:
        refuse(request_path, "UNKNOWN_REGION", "parameter 'region' names no region of the sales data")
    spark = SparkSession.builder.appName("weft-sales-total").getOrCreate()
    try:
        sales = spark.read.csv(sales_csv, header=True, inferSchema=True)
        if region is not None:
            sales = sales.filter(F.col("region") == region)
        # one partition, ordered: the same request gives the same bytes on every run
        sales.select("amount", "region").orderBy("id").coalesce(1).write.mode("overwrite").json(output_dir)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
